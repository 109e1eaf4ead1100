import { useEffect, useState } from 'react';
import { Authenticator } from '@aws-amplify/ui-react';
import {
  associateWebAuthnCredential,
  fetchUserAttributes,
  listWebAuthnCredentials,
} from 'aws-amplify/auth';

function SignedIn({ signOut, user }) {
  const [email, setEmail] = useState(user?.signInDetails?.loginId ?? '');
  const [passkeys, setPasskeys] = useState(null);
  const [error, setError] = useState('');

  async function refreshPasskeys() {
    const { credentials } = await listWebAuthnCredentials();
    setPasskeys(credentials.length);
  }

  useEffect(() => {
    fetchUserAttributes()
      .then((attributes) => setEmail(attributes.email ?? user?.username ?? ''))
      .catch((e) => setError(`${e.name}: ${e.message}`));
    refreshPasskeys().catch((e) => setError(`${e.name}: ${e.message}`));
  }, [user]);

  async function registerPasskey() {
    setError('');
    try {
      await associateWebAuthnCredential();
      await refreshPasskeys();
    } catch (e) {
      setError(`${e.name}: ${e.message}`);
    }
  }

  return (
    <main>
      <h1>Hello {email}</h1>
      <button onClick={registerPasskey}>Register a passkey</button>
      <button onClick={signOut}>Sign out</button>
      <p data-testid="passkeys">{passkeys === null ? '' : `Passkeys: ${passkeys}`}</p>
      {error && <p role="alert">{error}</p>}
    </main>
  );
}

export default function App() {
  return (
    <Authenticator>{({ signOut, user }) => <SignedIn signOut={signOut} user={user} />}</Authenticator>
  );
}
