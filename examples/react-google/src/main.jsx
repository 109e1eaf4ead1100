import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import outputs from '../amplify_outputs.json';
import App from './App.jsx';
import '@aws-amplify/ui-react/styles.css';

Amplify.configure(outputs);

// A sandbox on the local emulator says where it listens; Amplify JS v6 takes that endpoint in
// code config only, so the same app runs against AWS or the emulator without edits.
const localEndpoint = outputs.custom?.local_endpoint;
if (localEndpoint) {
  const config = Amplify.getConfig();
  Amplify.configure({
    ...config,
    Auth: {
      ...config.Auth,
      Cognito: {
        ...config.Auth.Cognito,
        userPoolEndpoint: localEndpoint,
        identityPoolEndpoint: localEndpoint,
      },
    },
  });
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
