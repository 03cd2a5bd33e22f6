import { useState } from 'preact/hooks';
import { session } from './api';
import { DICTIONARIES, type Language, MessagesContext, type Messages, useMessages } from './i18n';
import { ExplainPage } from './pages/explain';
import { LedgerPage } from './pages/ledger';
import { LiveBoardPage } from './pages/live-board';
import { ScorecardsPage } from './pages/scorecards';
import { type Page, PAGES, type Route, routeHref, useRoute } from './route';

const LANGUAGE_KEY = 'govmetrics.console.language';

const TITLES: Record<Page, keyof Messages> = { live: 'liveBoard', scorecards: 'scorecards', explain: 'explain', ledger: 'ledger' };

export function App() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem(LANGUAGE_KEY) === 'th' ? 'th' : 'en'));
  const [token, setToken] = useState(session.token());
  const route = useRoute();
  const t = DICTIONARIES[language];
  const toggleLanguage = () => {
    const next = language === 'en' ? 'th' : 'en';
    localStorage.setItem(LANGUAGE_KEY, next);
    setLanguage(next);
  };
  const signOut = () => {
    session.signOut();
    setToken(null);
  };
  return (
    <MessagesContext.Provider value={t}>
      <header>
        <h1>{t.title}</h1>
        {token && (
          <nav>
            {PAGES.map((page) => (
              <a key={page} href={routeHref(page)} class={route.page === page ? 'current' : ''} data-page={page}>
                {t[TITLES[page]]}
              </a>
            ))}
          </nav>
        )}
        <button type="button" id="language" onClick={toggleLanguage}>
          {t.language}
        </button>
        {token && (
          <button type="button" id="sign-out" onClick={signOut}>
            {t.signOut}
          </button>
        )}
      </header>
      <main>{token ? <CurrentPage key={`${route.page}:${token}`} route={route} /> : <SignIn onToken={setToken} />}</main>
    </MessagesContext.Provider>
  );
}

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'live':
      return <LiveBoardPage />;
    case 'scorecards':
      return <ScorecardsPage params={route.params} />;
    case 'explain':
      return <ExplainPage params={route.params} />;
    case 'ledger':
      return <LedgerPage />;
  }
}

function SignIn({ onToken }: { onToken: (token: string) => void }) {
  const t = useMessages();
  const [value, setValue] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (!value.trim()) return;
    session.signIn(value);
    onToken(value.trim());
  };
  return (
    <form id="sign-in" onSubmit={submit}>
      <label for="token">{t.tokenPrompt}</label>
      <input id="token" type="password" autoComplete="off" value={value} onInput={(event) => setValue(event.currentTarget.value)} />
      <button type="submit">{t.signIn}</button>
    </form>
  );
}
