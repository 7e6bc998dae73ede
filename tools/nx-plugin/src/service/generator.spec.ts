import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import ts from 'typescript';
import { serviceGenerator } from './generator';
import { PLATFORM_SERVICES } from './services';

const ROOT = join(__dirname, '../../../..');
const repoFile = (path: string) => readFileSync(join(ROOT, path), 'utf-8');

async function generate(name: string) {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('.prettierrc.json', repoFile('.prettierrc.json'));
  await serviceGenerator(tree, { name });
  return tree;
}

describe('nx g @care/tools:service', () => {
  it('knows the platform services of the card, each at its place in the topic registry', () => {
    // Read as text: tools may not depend on the contracts (module boundaries).
    const domains = [
      ...(
        /export const DOMAINS = \[([^\]]*)\]/.exec(repoFile('libs/contracts/src/topics.ts'))?.[1] ?? ''
      ).matchAll(/'([a-z-]+)'/g),
    ].map((m) => m[1]);
    for (const [name, service] of Object.entries(PLATFORM_SERVICES))
      expect(domains[service.index]).toBe(name);
  });

  it.each(Object.keys(PLATFORM_SERVICES))(
    'generates %s on the service kit, every file parsing',
    async (name) => {
      const tree = await generate(name);
      const root = `apps/${name}`;
      const project = JSON.parse(tree.read(`${root}/project.json`, 'utf-8') ?? '{}') as { tags: string[] };
      expect(project.tags).toEqual(['type:app', `scope:${name}`]);
      expect(tree.read(`${root}/src/app.module.ts`, 'utf-8')).toContain('ServiceKitModule.forRoot');
      expect(tree.read(`${root}/src/app.module.ts`, 'utf-8')).not.toContain('DepartmentKitModule');
      const port = 3101 + PLATFORM_SERVICES[name as keyof typeof PLATFORM_SERVICES].index;
      expect(tree.read(`${root}/src/config.spec.ts`, 'utf-8')).toContain(`HTTP_PORT: ${port}`);
      for (const file of [
        'src/main.ts',
        'src/instrument.ts',
        'src/config.ts',
        'src/config.spec.ts',
        'src/app.module.ts',
        `test/${name}.int-spec.ts`,
      ]) {
        const out = ts.transpileModule(tree.read(`${root}/${file}`, 'utf-8') ?? '', {
          reportDiagnostics: true,
        });
        expect([file, out.diagnostics ?? []]).toEqual([file, []]);
      }
    },
  );

  it('wrote the gateway in the repository (its boot is tested with the two-city harness, which gives it a PKI)', async () => {
    const tree = await generate('gateway');
    expect(tree.read('apps/gateway/src/instrument.ts', 'utf-8')).toBe(
      repoFile('apps/gateway/src/instrument.ts'),
    );
  });

  it('refuses a name that is no platform service, a department service, or an app that exists', async () => {
    await expect(generate('library')).rejects.toThrow(/name: must be one of the platform services/);
    await expect(generate('education')).rejects.toThrow(/name: must be one of the platform services/);
    const tree = await generate('monitoring');
    await expect(serviceGenerator(tree, { name: 'monitoring' })).rejects.toThrow(/already exists/);
  });
});
