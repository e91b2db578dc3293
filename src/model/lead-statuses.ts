// The statuses a lead may have and the moves between them: configuration, read once at start from
// the JSON file LEAD_STATUSES_FILE names, else the default below (drawn from the seeds: "New",
// "Qualified Lead", ..., "Sold", "Lost"). A closing status ends the lead's process and needs a
// `reason` ("Do Not Contact") in the write that moves the lead there. The planner checks a status
// and its reason (writes/plan.ts); the write core checks the move against the status stored when it
// writes (writes/execute.ts).
import { readFileSync } from 'node:fs';

export interface LeadStatusConfig {
  /** Every status, in the order the process runs; a lead created without one gets the first. */
  statuses: { name: string; closing?: boolean }[];
  /** For each status, the statuses a lead may move to from it. */
  moves: Record<string, string[]>;
}

export const defaultLeadStatuses: LeadStatusConfig = {
  statuses: [
    { name: 'New' },
    { name: 'Contacted' },
    { name: 'Qualified Lead' },
    { name: 'Appointment Set' },
    { name: 'Negotiating' },
    { name: 'Sold', closing: true },
    { name: 'Lost', closing: true },
  ],
  moves: {
    New: ['Contacted', 'Qualified Lead', 'Lost'],
    Contacted: ['Qualified Lead', 'Appointment Set', 'Lost'],
    'Qualified Lead': ['Contacted', 'Appointment Set', 'Negotiating', 'Sold', 'Lost'],
    'Appointment Set': ['Qualified Lead', 'Negotiating', 'Sold', 'Lost'],
    Negotiating: ['Appointment Set', 'Sold', 'Lost'],
    Sold: [],
    // A lost lead may be worked again from the start.
    Lost: ['New'],
  },
};

export class LeadStatuses {
  readonly initial: string;
  private readonly closing: Set<string>;
  private readonly moves: Map<string, Set<string>>;
  readonly names: string[];

  constructor(config: LeadStatusConfig) {
    const problem = configProblem(config);
    if (problem) throw new Error(`lead statuses: ${problem}`);
    this.names = config.statuses.map((status) => status.name);
    this.initial = this.names[0];
    this.closing = new Set(config.statuses.filter((status) => status.closing).map((status) => status.name));
    this.moves = new Map(this.names.map((name) => [name, new Set(Object.hasOwn(config.moves, name) ? config.moves[name] : [])]));
  }

  isKnown(status: string): boolean {
    return this.moves.has(status);
  }

  isClosing(status: string): boolean {
    return this.closing.has(status);
  }

  /**
   * Whether a lead may move from `from` to `to`. Staying is no move. A lead stored without a status,
   * or with one the configuration no longer has (data from before it), may move to any status.
   */
  mayMove(from: string | null, to: string): boolean {
    if (from === to || from === null || !this.moves.has(from)) return true;
    return this.moves.get(from)!.has(to);
  }

  /** The statuses a lead in `from` may move to (for the message of a refused move). */
  movesFrom(from: string): string[] {
    return [...(this.moves.get(from) ?? [])];
  }
}

/** What is wrong with a configuration, or undefined. */
export function configProblem(config: LeadStatusConfig): string | undefined {
  if (!Array.isArray(config?.statuses) || config.statuses.length === 0) return 'statuses must be a non-empty list';
  const names = new Set<string>();
  for (const status of config.statuses) {
    if (typeof status?.name !== 'string' || status.name === '') return 'every status needs a name';
    if (names.has(status.name)) return `status "${status.name}" is listed twice`;
    names.add(status.name);
  }
  if (typeof config.moves !== 'object' || config.moves === null) return 'moves must be an object of status: [statuses]';
  for (const [from, targets] of Object.entries(config.moves)) {
    if (!names.has(from)) return `moves name "${from}", which is not a status`;
    if (!Array.isArray(targets)) return `moves of "${from}" must be a list`;
    const unknown = targets.find((target) => !names.has(target));
    if (unknown !== undefined) return `moves of "${from}" name "${unknown}", which is not a status`;
  }
  return undefined;
}

function load(): LeadStatuses {
  const file = process.env.LEAD_STATUSES_FILE;
  if (!file) return new LeadStatuses(defaultLeadStatuses);
  return new LeadStatuses(JSON.parse(readFileSync(file, 'utf8')) as LeadStatusConfig);
}

export const leadStatuses = load();

interface Problem {
  field: string;
  message: string;
}

/**
 * A lead's status and reason as one write gives them: a new lead without a status gets the first
 * one; a status must be one of the configuration's and cannot be cleared; a closing status needs a
 * reason in the same write. (The move from the stored status is checked as the write runs.)
 */
export function settleLeadStatus(values: Record<string, unknown>, mode: 'create' | 'update', path: string, problems: Problem[]): void {
  if (mode === 'create' && values.processStatuses === undefined) values.processStatuses = leadStatuses.initial;
  const status = values.processStatuses;
  if (status === undefined) return;
  if (typeof status !== 'string' || !leadStatuses.isKnown(status)) {
    const rule = `must be one of the lead statuses: ${leadStatuses.names.join(', ')}`;
    problems.push({ field: `${path}.processStatuses`, message: status === null ? `cannot be cleared: ${rule}` : rule });
    return;
  }
  const reason = values.reason;
  if (leadStatuses.isClosing(status) && (typeof reason !== 'string' || reason.trim() === '')) {
    problems.push({ field: `${path}.reason`, message: `is required with processStatuses "${status}", a closing status` });
  }
}

/** The message of a refused move, naming from and to and what is allowed instead. */
export function refusedMoveMessage(from: string, to: string): string {
  const allowed = leadStatuses.movesFrom(from);
  return `may not move from "${from}" to "${to}"; from "${from}" a lead may move to ${allowed.length ? allowed.map((name) => `"${name}"`).join(', ') : 'no other status'}`;
}
