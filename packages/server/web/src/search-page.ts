import { SEARCH_RESULT_MEDIA_TYPE } from '@boxoffice/sdk/protocol';
import { api, messageOf } from './api.js';
import { byId, h, pageData } from './dom.js';
import { shortDate } from './format.js';

interface EventItem {
  id: string;
  title: string;
  type: string;
  startsAt: string;
  status: string;
}
interface SearchResult {
  items: EventItem[];
  total: number;
  /** False: `total` is a lower bound (a very common word on the PostgreSQL search adapter). */
  totalExact?: boolean;
  page: number;
  pageSize: number;
}
interface Suggestion {
  kind: string;
  text: string;
  id: string | null;
}

const PAGE_SIZE = 10;
const SUGGEST_DELAY_MS = 120;
const FILTERS = ['keyword', 'start', 'end', 'city', 'type'] as const;

const form = byId<HTMLFormElement>('search-form');
const input = byId<HTMLInputElement>('keyword');
const list = byId<HTMLUListElement>('suggestions');
const results = byId('results');
const data = pageData<{ error?: string }>();
if (data.error) byId('page-error').textContent = data.error;

/** The search box's suggestions: an ARIA combobox with a listbox, arrow keys and Enter. */
let suggestions: Suggestion[] = [];
let active = -1;
let pending: AbortController | undefined;
let timer: number | undefined;

function showSuggestions(items: Suggestion[]): void {
  suggestions = items;
  active = -1;
  list.replaceChildren(
    ...items.map((s, k) => {
      const li = h('li', { id: `suggestion-${k}`, role: 'option', 'aria-selected': 'false', 'data-testid': 'suggestion' }, s.text, h('span', { class: 'kind' }, ` ${s.kind}`));
      li.addEventListener('mousedown', (e) => {
        e.preventDefault(); // keep focus in the box
        pick(k);
      });
      return li;
    }),
  );
  list.hidden = items.length === 0;
  input.setAttribute('aria-expanded', String(items.length > 0));
  input.removeAttribute('aria-activedescendant');
}

function highlight(k: number): void {
  active = k;
  list.querySelectorAll('li').forEach((li, j) => li.setAttribute('aria-selected', String(j === k)));
  if (k >= 0) input.setAttribute('aria-activedescendant', `suggestion-${k}`);
}

function pick(k: number): void {
  const s = suggestions[k];
  if (!s) return;
  input.value = s.text;
  showSuggestions([]);
  void search(1);
}

input.addEventListener('input', () => {
  window.clearTimeout(timer);
  const prefix = input.value.trim();
  if (prefix.length === 0) return showSuggestions([]);
  timer = window.setTimeout(() => {
    pending?.abort();
    pending = new AbortController();
    api<Suggestion[]>(`/events/suggest?${new URLSearchParams({ prefix, limit: '8' })}`, { signal: pending.signal }).then(showSuggestions, () => undefined);
  }, SUGGEST_DELAY_MS);
});
input.addEventListener('keydown', (e) => {
  if (list.hidden) return;
  if (e.key === 'ArrowDown') highlight(Math.min(active + 1, suggestions.length - 1));
  else if (e.key === 'ArrowUp') highlight(Math.max(active - 1, 0));
  else if (e.key === 'Escape') showSuggestions([]);
  else if (e.key === 'Enter' && active >= 0) {
    e.preventDefault();
    pick(active);
    return;
  } else return;
  e.preventDefault();
});
input.addEventListener('blur', () => showSuggestions([]));

function query(page: number): URLSearchParams {
  const params = new URLSearchParams();
  const fd = new FormData(form);
  for (const name of FILTERS) {
    const value = String(fd.get(name) ?? '').trim();
    if (value) params.set(name, value);
  }
  params.set('page', String(page));
  params.set('pageSize', String(PAGE_SIZE));
  return params;
}

async function search(page: number): Promise<void> {
  const params = query(page);
  history.replaceState(null, '', `/?${params}`);
  results.setAttribute('aria-busy', 'true');
  try {
    const result = await api<SearchResult>(`/events/search?${params}`, { accept: SEARCH_RESULT_MEDIA_TYPE });
    renderResults(result);
  } catch (error) {
    results.replaceChildren(h('p', { class: 'error', role: 'alert' }, messageOf(error)));
  } finally {
    results.removeAttribute('aria-busy');
  }
}

function renderResults(r: SearchResult): void {
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Result pages' });
  const prev = h('button', { type: 'button', disabled: r.page <= 1 }, '← Previous');
  const next = h('button', { type: 'button', disabled: r.page >= pages, 'data-testid': 'next-page' }, 'Next →');
  prev.addEventListener('click', () => void search(r.page - 1));
  next.addEventListener('click', () => void search(r.page + 1));
  pager.append(prev, h('span', {}, ` Page ${r.page} of ${pages} `), next);
  results.replaceChildren(
    h('p', { 'data-testid': 'result-count', role: 'status' }, `${r.total}${r.totalExact === false ? '+' : ''} event${r.total === 1 ? '' : 's'} found`),
    h(
      'ol',
      { class: 'results' },
      ...r.items.map((e) =>
        h('li', {}, h('a', { href: `/event/${encodeURIComponent(e.id)}`, 'data-testid': 'result' }, e.title), h('span', { class: 'meta' }, ` ${e.type} · ${shortDate(e.startsAt)}${e.status === 'SCHEDULED' ? '' : ` · ${e.status.toLowerCase()}`}`)),
      ),
    ),
    pages > 1 ? pager : '',
  );
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  showSuggestions([]);
  void search(1);
});

// A shared link (`/?keyword=…&page=2`) opens with its search.
const initial = new URLSearchParams(location.search);
for (const name of FILTERS) {
  const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  const value = initial.get(name);
  if (el && value) el.value = value;
}
void search(Number(initial.get('page')) || 1);
