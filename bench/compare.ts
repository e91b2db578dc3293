// Field-by-field comparison of two JSON answers: the paths where they differ, each with both
// values. Objects compare by their fields whatever the order of the keys (JSON does not order
// them); arrays compare item by item, because every list these scenarios read has an order the
// API promises (connections by createdAt and id, list relations and link lists by key, batch
// results by index).
export function differences(server: unknown, baseline: unknown, path = '$'): string[] {
  if (Object.is(server, baseline)) return [];
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 120);
  if (Array.isArray(server) && Array.isArray(baseline)) {
    const found = server.flatMap((item, index) => differences(item, baseline[index], `${path}[${index}]`));
    if (server.length !== baseline.length) found.unshift(`${path}: ${server.length} items on the server, ${baseline.length} in the baseline`);
    return found;
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(server) && isObject(baseline)) {
    const keys = new Set([...Object.keys(server), ...Object.keys(baseline)]);
    return [...keys].flatMap((key) => {
      if (!(key in baseline)) return [`${path}.${key}: only on the server (${show(server[key])})`];
      if (!(key in server)) return [`${path}.${key}: only in the baseline (${show(baseline[key])})`];
      return differences(server[key], baseline[key], `${path}.${key}`);
    });
  }
  return [`${path}: server ${show(server)}, baseline ${show(baseline)}`];
}
