// With only @boxoffice/sdk installed, each optional backend fails with an error that says
// what to install. Prints one line of JSON: backend -> { code, message }.
import { createBoxOffice, createTestGateway, openStore } from '@boxoffice/sdk';

const failure = async (attempt) => {
  try {
    await attempt();
    return { code: 'NONE', message: 'no error' };
  } catch (error) {
    return { code: error.code, message: error.message };
  }
};
const boxOffice = createBoxOffice({ store: await openStore('memory'), payments: createTestGateway() });
const report = {
  pglite: await failure(() => openStore('./data')),
  postgres: await failure(() => openStore('postgres://127.0.0.1:1/none')),
  lunr: await failure(() => boxOffice.searchEvents({ keyword: 'rock' })),
};
await boxOffice.close();
console.log(JSON.stringify(report));
