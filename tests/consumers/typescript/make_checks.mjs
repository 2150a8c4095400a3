// Writes TypeScript files that type every body (document examples and the
// corpus) with the types generated from the JSON Schema and from the OpenAPI
// document; tsc --strict then checks them.
//
// Usage: node make_checks.mjs BODIES_JSON OUT_DIR

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [bodiesPath, out] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(bodiesPath, "utf8"));
// json-schema-to-typescript spells some names its own way (`Finish3dsMethod…`
// becomes `Finish3DsMethod…`): find each definition's type by name, ignoring case.
const exported = readFileSync(join(out, "bereke.ts"), "utf8").matchAll(
  /^export (?:interface|type) (\w+)/gm,
);
const tsNames = new Map([...exported].map((m) => [m[1].toLowerCase(), m[1]]));
const tsName = (name) => tsNames.get(name.toLowerCase()) ?? name;
const names = [...new Set(bodies.map((b) => tsName(b.definition)))].sort();
const literal = (b) => JSON.stringify(b.body, null, 2);

// json-schema-to-typescript: each definition by its name, as an object literal.
const jsonSchemaChecks = bodies
  .map((b, i) => `// ${b.name}\nexport const body${i}: ${tsName(b.definition)} = ${literal(b)};\n`)
  .join("\n");

// openapi-typescript: the operation's request body or 200 answer. A body
// read from the network is not a fresh literal, so (as with JSON.parse) the
// declared fields are type-checked and fields the spec does not declare
// pass; the literal goes through a variable to be checked the same way.
// (The JSON requests, the wallets' and recurrentPayment.do's, are sent as
// application/json.)
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
