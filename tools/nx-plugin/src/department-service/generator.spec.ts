import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import ts from 'typescript';
import { departmentServiceGenerator } from './generator';
import { DEPARTMENT_SERVICES } from './services';

const ROOT = join(__dirname, '../../../..');
const TOPICS = 'libs/contracts/src/topics.ts';
const repoFile = (path: string) => readFileSync(join(ROOT, path), 'utf-8');

async function generate(name: string, topics = repoFile(TOPICS)) {
  const tree = createTreeWithEmptyWorkspace();
  tree.write(TOPICS, topics);
  tree.write('.prettierrc.json', repoFile('.prettierrc.json'));
  await departmentServiceGenerator(tree, { name });
  return tree;
}

describe('nx g @care/tools:department-service', () => {
  it('knows the department services of the card, each at its place in the topic registry and serving real departments', () => {
    // Read as text: tools may not depend on the contracts or the catalogue (module boundaries).
    const domains = [
      ...(/export const DOMAINS = \[([^\]]*)\]/.exec(repoFile(TOPICS))?.[1] ?? '').matchAll(/'([a-z-]+)'/g),
    ].map((m) => m[1]);
    const vocabulary = repoFile('libs/domain/catalogue/src/vocabulary.ts');
    for (const [name, service] of Object.entries(DEPARTMENT_SERVICES)) {
      expect(domains[service.index]).toBe(name);
      for (const d of service.departments) expect(vocabulary).toMatch(new RegExp(`['\\s]${d}'?:`));
    }
  });

  it.each(Object.keys(DEPARTMENT_SERVICES))(
    'generates %s wired to both kits: the integration test in the repository is the generated one',
    async (name) => {
      const tree = await generate(name);
      const root = `apps/${name}`;
      for (const file of [
        'project.json',
        'README.md',
        'src/main.ts',
        'src/instrument.ts',
        'src/config.ts',
        'src/config.spec.ts',
        'src/app.module.ts',
        `test/${name}.int-spec.ts`,
      ])
        expect(tree.exists(`${root}/${file}`)).toBe(true);
      const project = JSON.parse(tree.read(`${root}/project.json`, 'utf-8') ?? '{}') as { tags: string[] };
      expect(project.tags).toEqual(expect.arrayContaining(['type:app']));
      expect(tree.read(`${root}/src/app.module.ts`, 'utf-8')).toContain('DepartmentKitModule.forRoot');
      expect(tree.read(`${root}/src/config.ts`, 'utf-8')).toContain('departmentConfig(');
      expect(tree.read(`${root}/src/main.ts`, 'utf-8')).toContain("grpcPackages: ['department']");
      // The scenario every department runs in CI is exactly what the generator writes.
      expect(tree.read(`${root}/test/${name}.int-spec.ts`, 'utf-8')).toBe(
        repoFile(`${root}/test/${name}.int-spec.ts`),
      );
      // Every generated TypeScript file parses.
      for (const file of ['src/main.ts', 'src/config.ts', 'src/config.spec.ts', 'src/app.module.ts']) {
        const out = ts.transpileModule(tree.read(`${root}/${file}`, 'utf-8') ?? '', {
          reportDiagnostics: true,
        });
        expect([file, out.diagnostics ?? []]).toEqual([file, []]);
      }
    },
  );

  it('adds the delivery topic once, and refuses a name that is no department service or an app that exists', async () => {
    const without = repoFile(TOPICS).replace(
      /\n\s*welfare: eventType\('welfare', 'service-delivery'.*\n/,
      '\n',
    );
    expect(without).not.toContain("eventType('welfare', 'service-delivery'");
    const tree = await generate('welfare', without);
    expect(tree.read(TOPICS, 'utf-8')).toContain("eventType('welfare', 'service-delivery', 'recorded', 1");
    await expect(departmentServiceGenerator(tree, { name: 'welfare' })).rejects.toThrow(/already exists/);
    await expect(generate('library')).rejects.toThrow(/name: must be one of/);
  });
});
