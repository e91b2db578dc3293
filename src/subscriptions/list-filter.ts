// The filters of the subscriptions, as far as they are lists: `{ name: ["Login", "Page View"],
// accountId: [...] }` keeps an event whose `name` is one of the names and whose `accountId` is one
// of those; a field of the event that is itself a list (a lead's `changedFields`) passes when any
// of its items is in the filter's list. Each filter field names the event's field of that name
// (subscriptions/pubsub.ts shapes the events so); a filter field that is no list (a property
// condition) is its subscription's to apply.

type Value = string | null | readonly string[];

/** Whether `event` passes every list `filter` gives (an empty or missing list passes all). */
export function passesLists(filter: object | null | undefined, event: object): boolean {
  if (!filter) return true;
  for (const [field, wanted] of Object.entries(filter)) {
    if (!Array.isArray(wanted) || wanted.length === 0) continue;
    const value = (Object.hasOwn(event, field) ? (event as Record<string, unknown>)[field] : null) as Value;
    const passes = Array.isArray(value) ? value.some((item) => wanted.includes(item)) : value !== null && wanted.includes(value);
    if (!passes) return false;
  }
  return true;
}
