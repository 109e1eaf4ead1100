import { useEffect, useState } from 'react';
import { withAuthenticator } from '@aws-amplify/ui-react';
import { fetchAuthSession, fetchUserAttributes } from 'aws-amplify/auth';

function App({ signOut, user }) {
  const [email, setEmail] = useState(user?.signInDetails?.loginId ?? '');
  const [session, setSession] = useState('');
  const [error, setError] = useState('');
  // How many session look-ups have finished: lets a test wait for the one it started.
  const [lookups, setLookups] = useState(0);

  useEffect(() => {
    fetchUserAttributes()
      .then((attributes) => setEmail(attributes.email ?? user?.username ?? ''))
      .catch((e) => setError(`${e.name}: ${e.message}`));
  }, [user]);

  async function showSession(forceRefresh) {
    setError('');
    try {
      const { tokens, credentials, identityId } = await fetchAuthSession({ forceRefresh });
      setSession(
        JSON.stringify(
          {
            idTokenIssuedAt: tokens?.idToken?.payload.iat,
            accessTokenJti: tokens?.accessToken?.payload.jti,
            email: tokens?.idToken?.payload.email,
            username: tokens?.idToken?.payload['cognito:username'],
            scope: tokens?.accessToken?.payload.scope,
            identityId,
            accessKeyId: credentials?.accessKeyId,
            credentialsExpire: credentials?.expiration?.toISOString(),
          },
          null,
          2,
        ),
      );
    } catch (e) {
      setError(`${e.name}: ${e.message}`);
    }
    setLookups((n) => n + 1);
  }

  return (
    <main>
      <h1>Hello {email}</h1>
      <button onClick={signOut}>Sign out</button>
      <button onClick={() => showSession(true)}>Refresh tokens</button>
      <button onClick={() => showSession(false)}>Show session</button>
      <section data-testid="session" data-lookups={lookups}>
        {session && <pre>{session}</pre>}
        {error && <p role="alert">{error}</p>}
      </section>
    </main>
  );
}

export default withAuthenticator(App);
