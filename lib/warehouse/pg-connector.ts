// The warehouse connector on PostgreSQL (WAREHOUSE_URL=postgresql://…): the same contract and results as the SQLite one;
// exports stream through a server-side cursor. Server-side only: opens database connections.
import pg from "pg";
import { checkStreamRequest, streamColumns, type WarehouseConnector } from "./connector";
import { filterClause, type RowFilters } from "./datasets";
import { parsePgWarehouseUrl } from "./pg-schema";
import { compareHits, MAX_COUNT_CAP, MAX_SEARCH_LIMIT, mergeSorted, parseQuery, selectList, type SearchHit } from "./search-query";

/** The application_name of the connector's sessions, so an operator (and a test) can tell them in pg_stat_activity. */
export const PG_WAREHOUSE_APPLICATION = "warden-warehouse";

interface LastNameHead extends SearchHit {
  last: string;
}

// int8 (sums of cents) as a number, like SQLite returns it; the pool's own parser, so no other pg client changes.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** PostgreSQL text cannot hold U+0000, so such a value can never equal, or be a prefix of, a stored one. */
const hasNul = (value: string) => value.includes("\u0000");

/** Opens a pool on the warehouse named by `url` (`?schema=` picks the schema, default `warehouse`); connects lazily. */
export function openPgWarehouse(url: string): WarehouseConnector {
  const { connectionString, schema } = parsePgWarehouseUrl(url);
  const pool = new pg.Pool({
    connectionString,
    application_name: PG_WAREHOUSE_APPLICATION,
    // The connector only reads: the server refuses any write, as SQLite's query_only does.
    options: "-c default_transaction_read_only=on",
    types,
    max: 4,
  });
  pool.on("error", () => {}); // an idle client's broken connection is dropped by the pool; the next query reconnects
  const people = `"${schema}".people`;
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new Error("warehouse connector is closed");
  };

  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> => {
    try {
      return (await pool.query<T>(text, values)).rows;
    } catch (error) {
      throw explain(error, schema);
    }
  };

  // Placeholders are numbered from `from`; the words follow the other parameters.
  const restFilter = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => ` AND strpos(' ' || name_search, ' ' || $${from + i}) > 0`).join("");

  const fullNameHits = (range: [string, string], rest: string[], limit: number) =>
    query<SearchHit>(
      `SELECT name_search AS name, person_id AS id FROM ${people}
       WHERE name_search >= $1 AND name_search < $2${restFilter(rest.length, 4)}
       ORDER BY name_search, person_id LIMIT $3`,
      [...range, limit, ...rest],
    );

  /**
   * The SQLite connector's merge (see topNameHits there): the heads of the distinct last names in the range come from
   * one recursive query (a loose index scan), then each last name gives at most its rows that beat the current top.
   */
  const topNameHits = async (range: [string, string], rest: string[], limit: number): Promise<SearchHit[]> => {
    const filter = restFilter(rest.length, 3);
    const heads = await query<LastNameHead>(
      `WITH RECURSIVE heads AS (
         (SELECT last_name_search AS last, name_search AS name, person_id AS id FROM ${people}
          WHERE last_name_search >= $1 AND last_name_search < $2${filter}
          ORDER BY last_name_search, name_search, person_id LIMIT 1)
         UNION ALL
         SELECT next.* FROM heads, LATERAL (
           SELECT last_name_search AS last, name_search AS name, person_id AS id FROM ${people}
           WHERE last_name_search > heads.last AND last_name_search < $2${filter}
           ORDER BY last_name_search, name_search, person_id LIMIT 1) AS next
       )
       SELECT last, name, id FROM heads`,
      [...range, ...rest],
    );
    heads.sort(compareHits);

    let top = await fullNameHits(range, rest, limit);
    const fromFirstNames = new Set(top.map((hit) => hit.id));
    const rowsFilter = restFilter(rest.length, 8);
    for (const [rank, h] of heads.slice(0, limit).entries()) {
      const worst = top.length === limit ? top[limit - 1] : undefined;
      if (worst && compareHits(h, worst) > 0) break;
      const rows = await query<SearchHit>(
        `SELECT name_search AS name, person_id AS id FROM ${people}
         WHERE last_name_search = $1 AND (name_search, person_id) >= ($2, $3)
           AND ($6::boolean OR (name_search, person_id) < ($4, $5))${rowsFilter}
         ORDER BY name_search, person_id LIMIT $7`,
        [h.last, h.name, h.id, worst?.name ?? "", worst?.id ?? "", worst === undefined, limit - rank, ...rest],
      );
      top = mergeSorted(
        top,
        rows.filter((row) => !fromFirstNames.has(row.id)),
        limit,
      );
    }
    return top;
  };

  const countOf = async (text: string, values: unknown[]) => (await query<{ n: number }>(text, values))[0].n;

  return {
    async searchPeople(text, { limit, columns }) {
      ensureOpen();
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
        throw new RangeError(`search limit must be an integer between 1 and ${MAX_SEARCH_LIMIT}, got ${limit}`);
      }
      const selected = selectList(columns);
      const parsed = parseQuery(text);
      if (parsed.kind === "id") return query(`SELECT ${selected} FROM ${people} WHERE person_id = $1`, [parsed.personId]);
      if (hasNul(parsed.range[0]) || parsed.rest.some(hasNul)) return [];

      const top = await topNameHits(parsed.range, parsed.rest, limit);
      if (top.length === 0) return [];
      // One statement for the `limit` table reads, in the order of the hits.
      return query(
        `SELECT ${selected} FROM unnest($1::text[]) WITH ORDINALITY AS hit(id, ord) JOIN ${people} ON people.person_id = hit.id
         ORDER BY hit.ord`,
        [top.map((hit) => hit.id)],
      );
    },

    async countPeopleMatches(text, { cap }) {
      ensureOpen();
      if (!Number.isInteger(cap) || cap < 1 || cap > MAX_COUNT_CAP) {
        throw new RangeError(`count cap must be an integer between 1 and ${MAX_COUNT_CAP}, got ${cap}`);
      }
      const parsed = parseQuery(text);
      if (parsed.kind === "id") {
        const n = await countOf(`SELECT count(*)::int AS n FROM ${people} WHERE person_id = $1`, [parsed.personId]);
        return { count: Math.min(n, cap), capped: n > cap };
      }
      const { range, rest } = parsed;
      if (hasNul(range[0]) || rest.some(hasNul)) return { count: 0, capped: false };
      // cap + 1 tells "exactly cap" from "more than cap"; with one word each count reads at most that many index entries.
      const byFirst = await countOf(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${people}
         WHERE name_search >= $1 AND name_search < $2${restFilter(rest.length, 4)} LIMIT $3) AS hits`,
        [...range, cap + 1, ...rest],
      );
      // People whose full name also starts with the word were counted above.
      const byLastOnly =
        byFirst > cap
          ? 0
          : await countOf(
              `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${people}
               WHERE last_name_search >= $1 AND last_name_search < $2 AND NOT (name_search >= $1 AND name_search < $2)${restFilter(rest.length, 4)}
               LIMIT $3) AS hits`,
              [...range, cap + 1 - byFirst, ...rest],
            );
      const total = byFirst + byLastOnly;
      return { count: Math.min(total, cap), capped: total > cap };
    },

    async getPerson(personId, columns) {
      ensureOpen();
      const selected = selectList(columns);
      if (hasNul(personId)) return null;
      const rows = await query(`SELECT ${selected} FROM ${people} WHERE person_id = $1`, [personId]);
      return rows[0] ?? null;
    },

    async countPeople() {
      ensureOpen();
      return countOf(`SELECT count(*)::int AS n FROM ${people}`, []);
    },

    async *streamRows(ref, { columns, filters, after, through, batchSize = 1000 }) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, columns, filters);
      if (Object.values(filters).some((v) => typeof v === "string" && hasNul(v))) return;
      const select = streamColumns(dataset, columns)
        .map((c) => `"${c}"`)
        .join(", ");
      const where = filterClause(dataset, filters, (i) => `$${i}`);
      const params: unknown[] = [...where.params];
      const id = `"${dataset.recordId}"`;
      let resume = "";
      if (after !== undefined) {
        // No stored id holds U+0000, so everything after "x\u0000…" is everything after "x".
        params.push(after.split("\u0000")[0]);
        resume = ` AND ${id} > $${params.length}`;
      }
      if (through !== undefined) {
        params.push(through.split("\u0000")[0]);
        resume += ` AND ${id} <= $${params.length}`;
      }
      const size = Math.max(1, Math.min(Math.floor(batchSize), 100_000));
      const client = await connect(pool, schema);
      let failed: unknown;
      let inTransaction = false;
      try {
        // A cursor lives in a transaction; REPEATABLE READ gives the whole stream one snapshot.
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        inTransaction = true;
        await client.query(
          `DECLARE warehouse_stream NO SCROLL CURSOR FOR
           SELECT ${select} FROM "${schema}"."${dataset.table}" WHERE ${where.sql}${resume} ORDER BY ${id}`,
          params,
        );
        for (;;) {
          ensureOpen();
          const { rows } = await client.query<unknown[]>({ text: `FETCH ${size} FROM warehouse_stream`, rowMode: "array" });
          if (rows.length === 0) break;
          yield rows;
          if (rows.length < size) break;
        }
        await client.query("COMMIT");
        inTransaction = false;
      } catch (error) {
        failed = error;
        throw explain(error, schema);
      } finally {
        // Left early (break, error): the transaction, and with it the cursor, must not outlive the stream.
        if (inTransaction && failed === undefined) await client.query("ROLLBACK").catch((e: unknown) => (failed = e));
        client.release(failed instanceof Error ? failed : undefined);
      }
    },

    async countRows(ref, filters: RowFilters, { cap }) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, [], filters);
      if (Object.values(filters).some((v) => typeof v === "string" && hasNul(v))) return { count: 0, capped: false };
      const where = filterClause(dataset, filters, (i) => `$${i}`);
      const limit = Math.max(0, Math.floor(cap)) + 1;
      const n = await countOf(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM "${schema}"."${dataset.table}" WHERE ${where.sql} LIMIT $${where.params.length + 1}) AS hits`,
        [...where.params, limit],
      );
      return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
    },

    async countWhere(ref, build, { cap }) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, [], {});
      const where = build(
        (i) => `$${i}`,
        (table) => `"${schema}"."${table}"`,
      );
      if (!where || where.params.some(hasNul)) return { count: 0, capped: false };
      const limit = Math.max(0, Math.floor(cap)) + 1;
      const n = await countOf(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM "${schema}"."${dataset.table}" WHERE ${where.sql} LIMIT $${where.params.length + 1}) AS hits`,
        [...where.params, limit],
      );
      return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
    },

    async missingRecordIds(ref, ids) {
      ensureOpen();
      const dataset = checkStreamRequest(ref, [], {});
      const asked = ids.filter((id) => !hasNul(id));
      const { rows } = await pool.query<{ id: string }>(
        `SELECT "${dataset.recordId}" AS id FROM "${schema}"."${dataset.table}" WHERE "${dataset.recordId}" = ANY($1::text[])`,
        [asked],
      );
      const found = new Set(rows.map((r) => r.id));
      return ids.filter((id) => !found.has(id));
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function connect(pool: pg.Pool, schema: string): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw explain(error, schema);
  }
}

/** A missing table means no warehouse was built there: say how to build one, as the SQLite connector does for a missing file. */
function explain(error: unknown, schema: string): unknown {
  if ((error as { code?: string }).code === "42P01") {
    return new Error(`demo warehouse not found in schema "${schema}"; run \`npm run warden -- demo seed\``);
  }
  return error;
}
