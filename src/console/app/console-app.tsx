import { useEffect, useState } from 'preact/hooks';
import { isSignedIn, setAdminKey } from './admin-client.js';
import { KeysPage } from './keys-page.js';
import { ModelsPage } from './models-page.js';
import { PlaygroundPage } from './playground-page.js';
import { SignInPage } from './sign-in-page.js';
import { UsagePage } from './usage-page.js';

const PAGES = [
  { route: 'keys', label: 'Keys', Page: KeysPage },
  { route: 'usage', label: 'Usage', Page: UsagePage },
  { route: 'models', label: 'Models', Page: ModelsPage },
  { route: 'playground', label: 'Playground', Page: PlaygroundPage },
] as const;

const routeOf = () => location.hash.replace(/^#\/?/, '') || 'keys';

/** The shell: sign-in until an admin key is accepted, then a nav of hash routes (no server routing needed). */
export function ConsoleApp() {
  const [signedIn, setSignedIn] = useState(isSignedIn());
  const [route, setRoute] = useState(routeOf());
  useEffect(() => {
    const onHash = () => setRoute(routeOf());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.getElementById('main')?.focus();
  }, [route]);

  if (!signedIn) return <SignInPage onSignedIn={() => setSignedIn(true)} />;
  const page = PAGES.find((entry) => entry.route === route) ?? PAGES[0];
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">bedrock-gateway</span>
        <nav aria-label="Console">
          <ul>
            {PAGES.map((entry) => (
              <li key={entry.route}>
                <a href={`#/${entry.route}`} aria-current={entry.route === page.route ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          class="secondary sign-out"
          onClick={() => {
            setAdminKey(undefined);
            setSignedIn(false);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <page.Page />
      </main>
    </>
  );
}
