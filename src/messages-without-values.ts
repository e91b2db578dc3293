// graphql-js prints the rejected value into variable errors ('Variable "$input" got invalid value
// {...} at "input.email"; <reason>') and scalars print it into the reason ('Int cannot represent
// non-integer value: "abc"'). Values may be personal data, so both are cut out; the path stays.
//
// graphql-js also ends many messages with suggestions ('Did you mean "Lead"?', 'Did you mean to use
// an inline fragment on "Consumer"?', 'Did you mean the enum value "ASC"?'): they list the schema's
// types, fields and enum values to anyone, introspection or not. They are cut out always, not only
// in production: the schema is in schema.graphql and GraphiQL for those who may read it.

/** A GraphQL error's reason with the values it quotes cut out. */
export function reasonWithoutValues(text: string): string {
  return text
    .replace(/\s*Did you mean\b.*$/s, '')
    .replace(/^(Expected value of type "[^"]+"), found .*?(;.*)?$/s, '$1$2')
    .replace(/^(Invalid (?:cursor|global ID|id received for \w+ of \w+))\b.*$/s, '$1')
    .replace(/^Field "\w+" of required type "[^"]+" was not provided\.$/, 'is required')
    .replace(/^Field "\w+" is not defined by type "(\w+)"\..*$/s, 'is not a field of $1')
    .replace(/(cannot represent[^:]*?value)(: .*)?$/s, '$1')
    .replace(/^Value ".*" does not exist/s, 'The value does not exist');
}

/** A GraphQL error message without values; for a variable's error, also the field it is about. */
export function withoutValues(message: string, reason: string): { message: string; field?: string } {
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(message);
  if (!variable || !reason || !message.endsWith(`; ${reason}`)) return { message: reasonWithoutValues(message) };
  const prefix = message.slice(0, -(reason.length + 2));
  const at = / at "([^"]+)"$/.exec(prefix);
  // A missing or unknown field is reported on its parent object: name the field itself.
  const named = /^Field "(\w+)" (?:of required type|is not defined)/.exec(reason);
  const field = `${(at ? at[1] : variable[1]).replace(/\[(\d+)\]/g, '.$1')}${named ? `.${named[1]}` : ''}`;
  return { message: `${field}: ${reasonWithoutValues(reason)}`, field };
}
