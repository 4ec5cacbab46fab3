import { searchInput, suggestInput } from '@boxoffice/sdk/schemas';
import { fromZod } from './json-schema.js';

/** GET /events/search: the seed's keyword, start, end, page, pageSize, and the search filters. */
export const searchQuery = fromZod(searchInput, { ids: { venueId: 'venue', performerId: 'performer' } });
/** GET /events/suggest. */
export const suggestQuery = fromZod(suggestInput);
