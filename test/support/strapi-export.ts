import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/**
 * Writes an archive in the shape `strapi export --no-encrypt` makes (Strapi 5's data-transfer
 * format, from its documentation and its source: `@strapi/data-transfer`): `metadata.json`,
 * numbered JSON-lines files under `schemas/`, `entities/` (`{type, id, data}`, components inline),
 * `links/` (`{kind, relation, left: {type, ref, field, pos}, right: {type, ref, field, pos}}`,
 * media as morph links from `plugin::upload.file.related`), `configuration/`, and the files under
 * `assets/uploads/` with their metadata under `assets/metadata/`.
 */
export async function writeStrapiExport(
  file: string,
  content: {
    readonly schemas: readonly object[];
    readonly entities: readonly object[];
    readonly links: readonly object[];
    readonly assets: Readonly<Record<string, Buffer>>;
  },
): Promise<void> {
  const tar = pack();
  const written = pipeline(tar as unknown as Readable, createGzip(), createWriteStream(file));
  const jsonl = (items: readonly object[]) => Buffer.from(items.map((item) => `${JSON.stringify(item)}\n`).join(''));
  tar.entry(
    { name: 'metadata.json' },
    JSON.stringify({ createdAt: '2026-11-30T10:00:00.000Z', strapi: { version: '5.31.0' } }),
  );
  tar.entry({ name: 'schemas/schemas_00001.jsonl' }, jsonl(content.schemas));
  tar.entry({ name: 'entities/entities_00001.jsonl' }, jsonl(content.entities));
  tar.entry({ name: 'links/links_00001.jsonl' }, jsonl(content.links));
  tar.entry(
    { name: 'configuration/configuration_00001.jsonl' },
    jsonl([{ type: 'core-store', value: { key: 'x', value: '{}' } }]),
  );
  for (const [name, bytes] of Object.entries(content.assets)) {
    tar.entry({ name: `assets/uploads/${name}` }, bytes);
    tar.entry({ name: `assets/metadata/${name}.json` }, JSON.stringify({ filename: name }));
  }
  tar.finalize();
  await written;
}
