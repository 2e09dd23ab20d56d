import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDefinitionFiles, writeDefinitionFiles } from './definition-files';

const seo = { info: { displayName: 'SEO' }, attributes: { metaTitle: { type: 'string' } } };
const page = {
  info: { singularName: 'page', pluralName: 'pages', displayName: 'Page' },
  attributes: { seo: { type: 'component', component: 'shared.seo' } },
};

describe('definition files', () => {
  it('reads components from components/<category>/<name>.json beside flat type files, first, with their uid', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cms-defs-'));
    mkdirSync(join(folder, 'components', 'shared'), { recursive: true });
    writeFileSync(join(folder, 'components', 'shared', 'seo.json'), JSON.stringify(seo));
    writeFileSync(join(folder, 'page.json'), JSON.stringify(page));
    expect(readDefinitionFiles(folder).map((file) => file.definition)).toEqual([{ uid: 'shared.seo', ...seo }, page]);
  });

  it('reads Strapi’s tree: src/api/<name>/content-types/<name>/schema.json and src/components', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cms-strapi-'));
    mkdirSync(join(folder, 'src', 'api', 'page', 'content-types', 'page'), { recursive: true });
    mkdirSync(join(folder, 'src', 'components', 'shared'), { recursive: true });
    writeFileSync(join(folder, 'src', 'api', 'page', 'content-types', 'page', 'schema.json'), JSON.stringify(page));
    writeFileSync(join(folder, 'src', 'components', 'shared', 'seo.json'), JSON.stringify(seo));
    expect(readDefinitionFiles(folder).map((file) => file.definition)).toEqual([{ uid: 'shared.seo', ...seo }, page]);
  });

  it('writes components back in that layout, without the uid their path gives', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cms-export-'));
    const files = writeDefinitionFiles(folder, [
      { singularName: 'shared.seo', definition: { uid: 'shared.seo', ...seo } },
      { singularName: 'page', definition: page },
    ]);
    expect(files).toEqual([join(folder, 'components', 'shared', 'seo.json'), join(folder, 'page.json')]);
    expect(JSON.parse(readFileSync(files[0]!, 'utf8'))).toEqual(seo);
    expect(readDefinitionFiles(folder).map((file) => file.definition)).toEqual([{ uid: 'shared.seo', ...seo }, page]);
  });
});
