import { useEffect, useState } from 'preact/hooks';

export type Page = 'live' | 'scorecards' | 'explain' | 'ledger';
export const PAGES: readonly Page[] = ['live', 'scorecards', 'explain', 'ledger'];

export interface Route {
  page: Page;
  params: URLSearchParams;
}

/** `#/scorecards?as-of=2021-09-30`: the page and its inputs live in the hash, so a view can be linked and reloaded. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = PAGES.find((candidate) => candidate === path) ?? 'live';
  return { page, params: new URLSearchParams(query) };
}

export const routeHref = (page: Page, params: Record<string, string> = {}): string => {
  const query = new URLSearchParams(params).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
