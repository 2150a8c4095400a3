// Writes TypeScript files that type every body (document examples and the
// corpus) with the types generated from the JSON Schema and from the OpenAPI
// document; tsc --strict then checks them.
//
// Usage: node make_checks.mjs BODIES_JSON OUT_DIR

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [bodiesPath, out] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(bodiesPath, "utf8"));
const names = [...new Set(bodies.map((b) => b.definition))].sort();
const literal = (b) => JSON.stringify(b.body, null, 2);

// json-schema-to-typescript: each definition by its name, as an object literal.
const jsonSchemaChecks = bodies
  .map((b, i) => `// ${b.name}\nexport const body${i}: ${b.definition} = ${literal(b)};\n`)
  .join("\n");

// openapi-typescript: the operation's request body or 200 answer. A body
// read from the network is not a fresh literal, so (as with JSON.parse) the
// declared fields are type-checked and fields the spec does not declare
// pass; the literal goes through a variable to be checked the same way.
// (The document's JSON requests are the wallets', sent as application/json.)
const openapiType = (b) =>
  b.request
    ? `operations["${b.operation}"]["requestBody"]["content"]["application/json"]`
    : `operations["${b.operation}"]["responses"][200]["content"]["application/json"]`;
const openapiChecks = bodies
  .map(
    (b, i) =>
      `// ${b.name}\nconst raw${i} = ${literal(b)};\nexport const body${i}: ${openapiType(b)} = raw${i};\n`,
  )
  .join("\n");

writeFileSync(
  join(out, "check-json-schema.ts"),
  `import type { ${names.join(", ")} } from "./bereke";\n\n${jsonSchemaChecks}`,
);
writeFileSync(
  join(out, "check-openapi.ts"),
  `import type { operations } from "./openapi";\n\n${openapiChecks}`,
);
console.log(`typed ${bodies.length} bodies with ${names.length} definitions, twice`);
