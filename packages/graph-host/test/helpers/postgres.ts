/**
 * PostgreSQL for the suites that run on both store backends. `.ci/run` starts a throwaway cluster
 * and sets GRAPH_HOST_TEST_POSTGRES_URL; locally, point it at any server you may create databases on.
 * Each caller gets its own database (deployment ids, and so schema names, repeat across suites).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL: string | null = process.env.GRAPH_HOST_TEST_POSTGRES_URL || null;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (!TEST_POSTGRES_URL) throw new Error('GRAPH_HOST_TEST_POSTGRES_URL is not set');
  const name = `gh_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL! });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
