// Lint Cypher statements with Neo4j's own front end (lintCypherQuery).
// stdin: {"schema": DbSchema, "statements": [{"name": ..., "text": ...}]}
// stdout: {"name": [[severity, message, line, column], ...], ...}
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { schema, statements } = JSON.parse(input);
const out = {};
for (const { name, text } of statements) {
  const { diagnostics } = lintCypherQuery(text, schema, { consoleCommandsEnabled: false });
  out[name] = diagnostics.map((d) => [d.severity, d.message, d.range.start.line + 1, d.range.start.character + 1]);
}
process.stdout.write(JSON.stringify(out));
