// The page's address lives in the URL hash, so the site works from any static host and sub-path:
//   #/                         the catalog
//   #/cache/lru?s=<link>       a block page, optionally with a permalink state
//   #/cache/lru?embed=1&s=…    the same block in compact embed mode (for iframes)
//   #/cache/lfu?tour=hot-key   the block with one of its tours playing (with or without s and embed)
export interface Route {
  path: string;
  state?: string;
  embed: boolean;
  tour?: string;
}

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#/, '');
  const [path, query = ''] = body.split('?', 2);
  const search = new URLSearchParams(query);
  return {
    path: path.replace(/^\/+|\/+$/g, ''),
    state: search.get('s') ?? undefined,
    embed: search.get('embed') === '1',
    tour: search.get('tour') ?? undefined,
  };
}

export function formatRoute(route: Route): string {
  const search = new URLSearchParams();
  if (route.embed) search.set('embed', '1');
  if (route.tour) search.set('tour', route.tour);
  if (route.state) search.set('s', route.state);
  const query = search.toString();
  return `#/${route.path}${query ? `?${query}` : ''}`;
}
