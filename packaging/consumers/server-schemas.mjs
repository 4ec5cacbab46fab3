// The server's request schemas come from the SDK's zod schemas (@boxoffice/sdk/schemas, built with
// the zod the SDK bundles), converted by the server's own zod (z.toJSONSchema): two copies of zod
// across the package boundary. Prints what the OpenAPI document says a new venue and a hold take.
import * as sdk from '@boxoffice/sdk';
import { createServer } from '@boxoffice/server';

const boxOffice = sdk.createBoxOffice({ store: await sdk.openStore('memory'), payments: sdk.createTestGateway() });
const app = createServer({ boxOffice, secret: 'packaging-secret-0123456789abcdef0123456789', logger: false });
try {
  const answer = await app.inject({ method: 'GET', url: '/openapi.json' });
  const document = answer.json();
  const resolve = (schema) => (schema?.$ref ? resolve(schema.$ref.split('/').slice(1).reduce((o, k) => o[k], document)) : schema);
  const bodyOf = (path) => resolve(document.paths[path].post.requestBody.content['application/json'].schema);
  const venue = bodyOf('/admin/venues');
  const hold = bodyOf('/holds');
  console.log(
    JSON.stringify({
      status: answer.statusCode,
      venue: { properties: Object.keys(venue.properties ?? {}).sort(), required: [...(venue.required ?? [])].sort(), additionalProperties: venue.additionalProperties },
      holdProperties: Object.keys(hold.properties ?? hold.oneOf?.[0]?.properties ?? {}).sort(),
    }),
  );
} finally {
  await app.close();
  await boxOffice.close();
}
