// What a committed write changed, record by record, for those who follow changes (live
// subscriptions, webhooks). Listeners are told after the commit, never for a write that rolled
// back, and each record once per write: a record a plan names twice, or a batch repeats, is one
// change. The write core calls `committed`; the layers above register with `afterCommit`.
import { log } from '../logger.js';
import type { EntityName } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { recordId, type Key } from '../model/keys.js';
import { eachNode, type PlanNode } from './plan.js';

export type ChangeKind = 'created' | 'updated' | 'deleted';

export interface Change {
  entity: EntityName;
  kind: ChangeKind;
  /** The record's key after the write. */
  key: Key;
  /** The fields the write gave (scalars and relations, by their API names); none for a delete. */
  fields: string[];
  /** The values written, by column (foreign keys included), plain: personal data too, so never sent on as such. */
  columns: Record<string, unknown>;
}

/** The changes the plans make, one per record. */
export function changesOf(plans: PlanNode[]): Change[] {
  const changes = new Map<string, Change>();
  for (const plan of plans)
    eachNode(plan, (node) => {
      if (node.intent === 'reference') return;
      const key = node.newKey ?? node.key;
      const columns: Record<string, unknown> = { ...node.values, ...key };
      for (const [name, link] of node.links) {
        const relation = node.entity.relations[name];
        relation.columns?.forEach((column, position) => {
          columns[column] = link.key ? link.key[entities[relation.target].key[position]] : null;
        });
      }
      const fields = [...Object.keys(node.values), ...node.links.keys(), ...node.lists.keys()];
      const id = recordId(node.entity, node.key);
      const earlier = changes.get(id);
      if (earlier) {
        earlier.fields = [...new Set([...earlier.fields, ...fields])];
        Object.assign(earlier.columns, columns);
      } else {
        changes.set(id, { entity: node.entity.name, kind: node.intent === 'create' ? 'created' : 'updated', key, fields, columns });
      }
    });
  return [...changes.values()];
}

type Listener = (changes: Change[]) => void;
const listeners: Listener[] = [];

/** Calls `listener` with the changes of every write once it is committed. */
export function afterCommit(listener: Listener): void {
  listeners.push(listener);
}

/** Tells the listeners what a committed write changed. A listener's failure is logged and costs the write nothing. */
export function committed(changes: Change[]): void {
  if (changes.length === 0) return;
  for (const listener of listeners) {
    try {
      listener(changes);
    } catch (error) {
      log.error({ err: error }, 'a listener of committed changes failed');
    }
  }
}
