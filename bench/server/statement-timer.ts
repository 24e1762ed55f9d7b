/**
 * `--breakdown`: where a request's database time goes. Wraps the server's `Db` so that every statement
 * is timed (by its SQL text, whitespace folded), inside or outside a transaction, plus the time a
 * transaction waits for a connection and BEGIN, and its COMMIT. A statement that waits for a row lock
 * shows the wait in its own time, so the lock that serializes the requests stands out.
 */
import type { Db, Sql } from '../../src/store/index.ts';

/**
 * Rows every randomization locks: from the statement that locks one until COMMIT returns, no other
 * randomization of the stratum (or, for the audit head, no other write at all) can proceed.
 */
const HOT_ROWS: [string, RegExp][] = [
  ['stratum_cursor', /UPDATE stratum_cursor/],
  ['audit_head', /FROM audit_head FOR UPDATE/],
];

interface Tally {
  count: number;
  ms: number;
}

export class StatementTimer {
  /** Only timed while true (the randomization phase), so setup and checks do not count. */
  active = false;
  private readonly tallies = new Map<string, Tally>();

  private add(label: string, ms: number): void {
    if (!this.active) return;
    const tally = this.tallies.get(label) ?? { count: 0, ms: 0 };
    tally.count++;
    tally.ms += ms;
    this.tallies.set(label, tally);
  }

  private timed(sql: Sql, where: string, locks?: Map<string, number>): Sql {
    return {
      query: async (text, params) => {
        const started = performance.now();
        try {
          return await sql.query(text, params);
        } finally {
          const ended = performance.now();
          this.add(`${where} ${text.replace(/\s+/g, ' ').trim().slice(0, 96)}`, ended - started);
          if (locks)
            for (const [lock, pattern] of HOT_ROWS)
              if (!locks.has(lock) && pattern.test(text)) locks.set(lock, ended);
        }
      },
    } as Sql;
  }

  wrap(db: Db): Db {
    const outside = this.timed(db, '   ');
    return {
      kind: db.kind,
      query: outside.query,
      exec: (text) => db.exec(text),
      close: () => db.close(),
      transaction: async (work) => {
        const called = performance.now();
        let workEnded = 0;
        const locks = new Map<string, number>();
        const result = await db.transaction(async (tx) => {
          this.add('tx [connection wait + BEGIN]', performance.now() - called);
          try {
            return await work(this.timed(tx, 'tx ', locks));
          } finally {
            workEnded = performance.now();
          }
        });
        const ended = performance.now();
        this.add('tx [COMMIT]', ended - workEnded);
        this.add('tx [whole transaction]', ended - called);
        for (const [lock, since] of locks)
          this.add(`tx [${lock} row lock held: taken → COMMIT done]`, ended - since);
        return result;
      },
    };
  }

  /** One line per statement: count, mean and total ms, biggest total first. */
  report(requests: number): string[] {
    const rows = [...this.tallies.entries()].sort((a, b) => b[1].ms - a[1].ms);
    return [
      `database time per randomization request (${requests} requests; "tx" = inside the transaction):`,
      '   calls/req  mean ms  total s  statement',
      ...rows.map(
        ([label, t]) =>
          `${(t.count / requests).toFixed(2).padStart(12)} ${(t.ms / t.count).toFixed(2).padStart(8)} ${(t.ms / 1000).toFixed(2).padStart(8)}  ${label}`,
      ),
    ];
  }
}
