import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Amplify JS and the Authenticator UI make one ~800 kB bundle; fine for an example.
  build: { chunkSizeWarningLimit: 1000 },
});
