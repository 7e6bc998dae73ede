import { formatFiles, generateFiles, joinPathFragments, type Tree } from '@nx/devkit';
import { SHARED_FILES } from '../shared';
import { className, DEPARTMENT_SERVICES, isDepartmentServiceName, protoDepartment } from './services';

export interface DepartmentServiceSchema {
  readonly name: string;
  readonly departments?: string;
}

const TOPICS = 'libs/contracts/src/topics.ts';
const DELIVERY_EVENTS_END =
  '} as const satisfies Partial<Record<Domain, EventType<common.ServiceDeliveryRecorded>>>;';

/** Adds the service's delivery topic to DeliveryEvents (the catalogue then consumes it with no change). */
export function addDeliveryTopic(tree: Tree, name: string): void {
  const source = tree.read(TOPICS, 'utf-8');
  if (source === null) throw new Error(`${TOPICS} not found`);
  const key = /^[a-z]+$/.test(name) ? name : `'${name}'`;
  if (source.includes(`eventType('${name}', 'service-delivery'`)) return;
  const end = source.indexOf(DELIVERY_EVENTS_END);
  if (end < 0) throw new Error(`${TOPICS}: the DeliveryEvents table was not found`);
  const line = `  ${key}: eventType('${name}', 'service-delivery', 'recorded', 1, common.ServiceDeliveryRecorded),\n`;
  tree.write(TOPICS, source.slice(0, end) + line + source.slice(end));
}

/**
 * `nx g @care/tools:department-service <name>`: a department service on the service kit and
 * the department kit — config, boot, app module, a config spec, an end-to-end integration
 * test on the real broker and database, a README and a project.json with its tags.
 */
export async function departmentServiceGenerator(tree: Tree, schema: DepartmentServiceSchema): Promise<void> {
  const name = schema.name.trim();
  if (!isDepartmentServiceName(name)) {
    throw new Error(
      `name: must be one of the department services ${Object.keys(DEPARTMENT_SERVICES).join(', ')} (got "${name}")`,
    );
  }
  const root = `apps/${name}`;
  if (tree.exists(joinPathFragments(root, 'project.json'))) throw new Error(`${root} already exists`);
  const service = DEPARTMENT_SERVICES[name];
  const departments =
    schema.departments === undefined
      ? [...service.departments]
      : schema.departments
          .split(',')
          .map((d) => d.trim())
          .filter((d) => d !== '');
  if (departments.length === 0) throw new Error('departments: at least one department');
  const substitutions = {
    name,
    className: className(name),
    configName: `${className(name).charAt(0).toLowerCase()}${className(name).slice(1)}`,
    database: name.replace(/-/g, '_'),
    httpPort: 3101 + service.index,
    grpcBind: `127.0.0.1:${50101 + service.index}`,
    departments,
    departmentsLiteral: departments.map((d) => `'${d}'`).join(', '),
    officerDepartment: protoDepartment(departments[0]),
    titleZh: service.titleZh,
    deliveryKey: /^[a-z]+$/.test(name) ? `.${name}` : `['${name}']`,
    tmpl: '',
  };
  generateFiles(tree, SHARED_FILES, root, substitutions);
  generateFiles(tree, joinPathFragments(__dirname, 'files'), root, substitutions);
  addDeliveryTopic(tree, name);
  await formatFiles(tree);
}

export default departmentServiceGenerator;
