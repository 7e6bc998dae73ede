import { formatFiles, generateFiles, joinPathFragments, type Tree } from '@nx/devkit';
import { className, SHARED_FILES } from '../shared';
import { isPlatformServiceName, PLATFORM_SERVICES } from './services';

export interface ServiceSchema {
  readonly name: string;
}

/**
 * `nx g @care/tools:service <name>`: a platform service (gateway, monitoring) on the service
 * kit alone — config, boot, app module, a config spec, an integration test that boots it on
 * the real broker and database, a README and a project.json with its tags. Department services
 * use `department-service`, which adds the department kit.
 */
export async function serviceGenerator(tree: Tree, schema: ServiceSchema): Promise<void> {
  const name = schema.name.trim();
  if (!isPlatformServiceName(name)) {
    throw new Error(
      `name: must be one of the platform services ${Object.keys(PLATFORM_SERVICES).join(', ')} (got "${name}")`,
    );
  }
  const root = `apps/${name}`;
  if (tree.exists(joinPathFragments(root, 'project.json'))) throw new Error(`${root} already exists`);
  const service = PLATFORM_SERVICES[name];
  const substitutions = {
    name,
    className: className(name),
    configName: `${className(name).charAt(0).toLowerCase()}${className(name).slice(1)}`,
    database: name.replace(/-/g, '_'),
    httpPort: 3101 + service.index,
    grpcBind: `127.0.0.1:${50101 + service.index}`,
    titleZh: service.titleZh,
    tmpl: '',
  };
  generateFiles(tree, SHARED_FILES, root, substitutions);
  generateFiles(tree, joinPathFragments(__dirname, 'files'), root, substitutions);
  await formatFiles(tree);
}

export default serviceGenerator;
