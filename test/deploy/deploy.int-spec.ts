// The production deployment (deploy/helm/care-platform) against the code it deploys: the topic
// registry, each app's consumer wiring and config. Needs no cluster: it runs tools/deploy-check.sh
// (helm lint/template + kubeconform; tools cached in .cache/bin) and reads what it rendered.
// It lives in the integration tier because the unit tier picks only apps/libs/tools specs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadLetterTopic } from '@care/contracts';
import { UPSTREAMS, UPSTREAM_NAMES, webConfigSchema } from '../../apps/web/server/config';
import {
  CONFIG_SCHEMAS,
  CONSUMER_WIRING,
  SERVICES,
  TOPOLOGY_FILE,
  WEB_UPSTREAM_SERVICES,
  grpcPeerOf,
  productionRequiredSettings,
  registryEventTypes,
  type ServiceName,
  type Topology,
} from './topology';

const ROOT = join(__dirname, '../..');
const CHART = join(ROOT, 'deploy/helm/care-platform');

interface RenderedDoc {
  readonly kind: string;
  readonly name: string;
  readonly text: string;
}

function documents(file: string): RenderedDoc[] {
  return readFileSync(file, 'utf8')
    .split(/^---$/m)
    .map((text) => ({
      kind: /^kind: (\S+)$/m.exec(text)?.[1] ?? '',
      name: /^metadata:\n(?:.*\n)*? {2}name: (\S+)$/m.exec(text)?.[1] ?? '',
      text,
    }))
    .filter((d) => d.kind !== '');
}

interface Acl {
  readonly type: string;
  readonly name: string;
  readonly operations: string;
}

function aclsOf(doc: RenderedDoc): Acl[] {
  const re = /resource: \{ type: (\w+), name: ([^,]+), patternType: literal \}, operations: \[([^\]]+)\]/g;
  return [...doc.text.matchAll(re)].map((m) => ({ type: m[1], name: m[2], operations: m[3] }));
}

const key = (a: Acl) => `${a.type}:${a.name}:${a.operations}`;

describe('production deployment (Helm chart, Strimzi, MongoDB)', () => {
  let rendered: RenderedDoc[];
  const topology = JSON.parse(readFileSync(TOPOLOGY_FILE, 'utf8')) as Topology;

  beforeAll(() => {
    // Installs helm/kubeconform on first use (go install, minutes), then ~20 s.
    execFileSync('bash', ['tools/deploy-check.sh'], { cwd: ROOT, stdio: 'pipe', timeout: 900_000 });
    rendered = documents(join(ROOT, '.cache/deploy-check/defaults.yaml'));
  }, 900_000);

  it('the chart’s event topology is generated from the current topic registry and consumer wiring', () => {
    // prettier (ESM) formats the file, so the comparison runs in its own process.
    const out = execFileSync('npx', ['tsx', 'test/deploy/generate-kafka-resources.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(out).toContain('event topology up to date');
  });

  it('every app under apps/ is deployed, with its consumer groups all wired', () => {
    const apps = readdirSync(join(ROOT, 'apps'))
      .filter((app) => existsSync(join(ROOT, 'apps', app, 'src/main.ts')))
      .sort();
    expect([...SERVICES].sort()).toEqual(apps);
    for (const service of SERVICES) {
      const groups = Object.keys(CONFIG_SCHEMAS[service].shape).filter((s) => s.endsWith('_CONSUMER_GROUP'));
      expect(Object.keys(CONSUMER_WIRING[service]).sort()).toEqual(groups.sort());
    }
  });

  it('every registry topic and every dead-letter topic is a KafkaTopic: replication 3, min ISR 2', () => {
    const topics = rendered.filter((d) => d.kind === 'KafkaTopic');
    const names = topics.map((t) => /topicName: (\S+)/.exec(t.text)?.[1]);
    const deadLetters = SERVICES.flatMap((s) =>
      topology.services[s].consumerGroups.map((g) => g.deadLetterTopic),
    );
    expect(names.sort()).toEqual([...registryEventTypes().map((e) => e.topic), ...deadLetters].sort());
    for (const t of topics) {
      expect(t.text).toMatch(/^ {2}replicas: 3$/m);
      expect(t.text).toMatch(/^ {4}min\.insync\.replicas: 2$/m);
      expect(t.text).toMatch(/strimzi\.io\/cluster: care-kafka/);
    }
  });

  it('each service’s KafkaUser may write exactly what its domain publishes and read exactly what it consumes', () => {
    const users = rendered.filter((d) => d.kind === 'KafkaUser');
    expect(users.map((u) => u.name).sort()).toEqual(SERVICES.map((s) => `care-kafka-${s}`).sort());
    const events = registryEventTypes();
    for (const service of SERVICES) {
      const user = users.find((u) => u.name === `care-kafka-${service}`)!;
      expect(user.text).toMatch(/authentication: \{ type: tls \}/);
      // Independent of the template: the registry's domain column, the wiring's topics, the config's groups.
      const defaults = Object.fromEntries(
        Object.entries(CONFIG_SCHEMAS[service].shape)
          .filter(([k]) => k.endsWith('_CONSUMER_GROUP'))
          .map(([k, schema]) => [k, String((schema as { parse(v: undefined): unknown }).parse(undefined))]),
      );
      const groups = Object.keys(CONSUMER_WIRING[service]).map((setting) => defaults[setting]);
      const reads = new Set(
        Object.values(CONSUMER_WIRING[service]).flatMap((wired) => wired().map((s) => s.topic)),
      );
      const expected: Acl[] = [
        ...events.filter((e) => e.domain === service).map((e) => e.topic),
        ...groups.map(deadLetterTopic),
      ]
        .map((name) => ({ type: 'topic', name, operations: 'Write, Describe' }))
        .concat([...reads].map((name) => ({ type: 'topic', name, operations: 'Read, Describe' })))
        .concat(groups.map((name) => ({ type: 'group', name, operations: 'Read' })));
      expect(aclsOf(user).map(key).sort()).toEqual(expected.map(key).sort());
    }
  });

  it('a service reaches only DNS, Kafka, MongoDB, the collector, the sign-in service and the gRPC peers its settings name', () => {
    const policies = rendered.filter((d) => d.kind === 'NetworkPolicy');
    const deny = policies.find((p) => p.name === 'care-default-deny')!;
    expect(deny.text).toMatch(/policyTypes: \[Ingress, Egress\]/);
    expect(deny.text).not.toMatch(/ingress:|egress:/);
    for (const service of SERVICES) {
      const policy = policies.find((p) => p.name === service)!;
      const egress = policy.text.slice(policy.text.indexOf('  egress:'));
      const peers = Object.keys(CONFIG_SCHEMAS[service].shape)
        .filter((s) => s.endsWith('_GRPC_ADDRESS'))
        .map(grpcPeerOf);
      const egressPeers = [...egress.matchAll(/app\.kubernetes\.io\/name: ([a-z-]+) \}/g)]
        .map((m) => m[1])
        .filter((n) => n !== 'otel-collector' && n !== 'auth');
      expect(egressPeers.sort()).toEqual(peers.sort());
      expect(egress).toMatch(
        /app\.kubernetes\.io\/name: auth \} \}\n\s+ports: \[\{ port: 8080, protocol: TCP \}\]/,
      );
      expect([...egress.matchAll(/port: (\d+)/g)].map((m) => m[1]).sort()).toEqual(
        ['53', '53', '9093', '27017', '4318', '8080', ...peers.map(() => '50051')].sort(),
      );
    }
  });

  it('every service verifies tokens against the sign-in service; the gateway calls as svc-gateway with its secret by file', () => {
    for (const service of SERVICES) {
      const deployment = rendered.find((d) => d.kind === 'Deployment' && d.name === service)!;
      expect([service, deployment.text]).toEqual([
        service,
        expect.stringContaining("name: ACCESS_JWKS_URL, value: 'http://auth:8080/.well-known/jwks.json'"),
      ]);
      expect([service, /name: ACCESS_MODE\b/.test(deployment.text)]).toEqual([service, false]); // token: production's default
    }
    const gateway = rendered.find((d) => d.kind === 'Deployment' && d.name === 'gateway')!.text;
    expect(gateway).toContain('name: ACCESS_CLIENT_ID, value: svc-gateway');
    expect(gateway).toContain(
      'name: ACCESS_CLIENT_SECRET_FILE, value: /var/run/secrets/care/service-client/client-secret',
    );
    expect(gateway).toMatch(
      /name: service-client\n\s+secret: \{ secretName: gateway-service-client, defaultMode: 0400 \}/,
    );
    const authPolicy = rendered.find((d) => d.kind === 'NetworkPolicy' && d.name === 'auth')!.text;
    expect(authPolicy).toMatch(
      /- podSelector: \{ matchLabels: \{ app\.kubernetes\.io\/part-of: care-platform \} \}\n\s+ports: \[\{ port: 8080, protocol: TCP \}\]/,
    );
  });

  it('the gateway alone opens the exchange port (ingress) and reaches partner gateways (egress)', () => {
    const heze = documents(join(ROOT, '.cache/deploy-check/values-heze.yaml')).filter(
      (d) => d.kind === 'NetworkPolicy',
    );
    for (const p of heze) {
      const hasPartner = /ipBlock: \{ cidr: 198\.51\.100\.20\/32 \}/.test(p.text);
      const hasExchange = /port: 8443/.test(p.text);
      expect([p.name, hasPartner, hasExchange]).toEqual([p.name, p.name === 'gateway', p.name === 'gateway']);
    }
  });

  it('every setting an app requires in production is set by its Deployment, secrets only by reference', () => {
    for (const service of SERVICES) {
      const deployment = rendered.find((d) => d.kind === 'Deployment' && d.name === service)!;
      for (const setting of topology.services[service as ServiceName].productionRequired)
        expect([setting, deployment.text.includes(`name: ${setting}`)]).toEqual([setting, true]);
      for (const secret of ['PERSONAL_DATA_KEYS', 'BLIND_INDEX_KEY', 'AUDIT_CHAIN_KEY', 'MONGODB_URI'])
        if (deployment.text.includes(`name: ${secret}\n`))
          expect(deployment.text).toMatch(
            new RegExp(`name: ${secret}\\n\\s+valueFrom:[^\\n]*\\n?[^\\n]*secretKeyRef`),
          );
      expect(deployment.text).toMatch(/readOnlyRootFilesystem: true/);
      expect(deployment.text).toMatch(/runAsNonRoot: true/);
      expect(deployment.text).toMatch(/path: \/health\/live/);
      expect(deployment.text).toMatch(/path: \/health\/ready/);
      expect(deployment.text).toMatch(/requests: \{ cpu: [^}]+, memory: [^}]+ \}|requests:\n\s+cpu:/);
      for (const kind of ['HorizontalPodAutoscaler', 'PodDisruptionBudget'])
        expect(rendered.some((d) => d.kind === kind && d.name === service)).toBe(true);
    }
  });

  it('the web UI: probes, non-root, read-only, resources, every production setting, and upstreams pointing at their services', () => {
    const deployment = rendered.find((d) => d.kind === 'Deployment' && d.name === 'web')!.text;
    expect(deployment).toMatch(/readOnlyRootFilesystem: true/);
    expect(deployment).toMatch(/runAsNonRoot: true/);
    expect(deployment).toMatch(/httpGet: \{ path: \/health\/live, port: http \}/);
    expect(deployment).toMatch(/readinessProbe:\n\s+httpGet: \{ path: \/health\/ready, port: http \}/);
    expect(deployment).toMatch(/requests:\n\s+cpu: \S+\n\s+memory: \S+/);
    expect(deployment).toContain("image: 'registry.example.gov.cn/care/platform-web:0.1.0'");
    expect(deployment).toContain('name: NODE_ENV, value: production');
    expect(deployment).toContain('name: WEB_HTTP_HOST, value: 0.0.0.0');
    // Independent of the template: the web server's own loader names what production requires.
    const required = productionRequiredSettings(webConfigSchema);
    expect(required.length).toBeGreaterThanOrEqual(UPSTREAM_NAMES.length);
    for (const setting of required)
      expect([setting, deployment.includes(`name: ${setting},`)]).toEqual([setting, true]);
    for (const route of UPSTREAM_NAMES)
      expect(deployment).toContain(
        `name: ${UPSTREAMS[route].env}, value: 'http://${WEB_UPSTREAM_SERVICES[route]}:8080'`,
      );
    for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ServiceAccount'])
      expect([kind, rendered.some((d) => d.kind === kind && d.name === 'web')]).toEqual([kind, true]);
  });

  it('the web UI is reached only from the ingress controller (and Prometheus on its metrics port) and reaches only DNS and the services it proxies', () => {
    const policy = rendered.find((d) => d.kind === 'NetworkPolicy' && d.name === 'web')!.text;
    expect(policy).toMatch(/policyTypes: \[Ingress, Egress\]/);
    const ingress = policy.slice(policy.indexOf('  ingress:'), policy.indexOf('  egress:'));
    const egress = policy.slice(policy.indexOf('  egress:'));
    // Two rules: the controller's namespace AND its pods (one peer, both selectors) on HTTP; the
    // Prometheus namespace on the metrics port only (the scrape annotation names that port).
    expect(ingress.match(/- from:/g)).toHaveLength(2);
    expect(ingress).toMatch(
      /- namespaceSelector: \{ matchLabels: \{ kubernetes\.io\/metadata\.name: ingress-nginx \} \}\n\s+podSelector: \{ matchLabels: \{"app\.kubernetes\.io\/name":"ingress-nginx"\} \}\n\s+ports: \[\{ port: 8080, protocol: TCP \}\]/,
    );
    expect(ingress).toMatch(
      /- namespaceSelector: \{ matchLabels: \{ kubernetes\.io\/metadata\.name: monitoring \} \}\n\s+ports: \[\{ port: 9464, protocol: TCP \}\]/,
    );
    expect([...ingress.matchAll(/port: (\d+)/g)].map((m) => m[1])).toEqual(['8080', '9464']);
    const deployment = rendered.find((d) => d.kind === 'Deployment' && d.name === 'web')!.text;
    expect(deployment).toContain("prometheus.io/port: '9464'");
    expect(deployment).toContain("name: WEB_METRICS_PORT, value: '9464'");
    const upstreamServices = [...new Set(UPSTREAM_NAMES.map((r) => WEB_UPSTREAM_SERVICES[r]))].sort();
    expect(upstreamServices).toHaveLength(SERVICES.length); // every service has a page
    const egressPeers = [
      ...egress.matchAll(
        /podSelector: \{ matchLabels: \{ app\.kubernetes\.io\/name: ([a-z-]+) \} \}\n\s+ports: \[\{ port: 8080, protocol: TCP \}\]/g,
      ),
    ].map((m) => m[1]);
    expect(egressPeers.sort()).toEqual(upstreamServices);
    expect(egress).not.toMatch(/ipBlock|namespaceSelector: \{\}|27017|9093|4318|50051/);
    expect([...egress.matchAll(/- to:/g)]).toHaveLength(upstreamServices.length + 1); // + DNS
    expect([...egress.matchAll(/port: (\d+)/g)].map((m) => m[1]).sort()).toEqual(
      ['53', '53', ...upstreamServices.map(() => '8080')].sort(),
    );
    // Each upstream admits the web UI on its HTTP port.
    for (const service of upstreamServices) {
      const own = rendered.find((d) => d.kind === 'NetworkPolicy' && d.name === service)!.text;
      expect([service, own.slice(0, own.indexOf('  egress:'))]).toEqual([
        service,
        expect.stringMatching(
          /- podSelector: \{ matchLabels: \{ app\.kubernetes\.io\/name: web \} \}\n\s+ports: \[\{ port: 8080, protocol: TCP \}\]/,
        ),
      ]);
    }
  });

  it('the Ingress sends / to the web UI over TLS, the import upload unbuffered', () => {
    const ingresses = rendered.filter((d) => d.kind === 'Ingress');
    expect(ingresses.map((i) => i.name)).toEqual(['web']);
    const ingress = ingresses[0]!.text;
    expect(ingress).toMatch(/tls:\n\s+- hosts: \["care\.example\.gov\.cn"\]\n\s+secretName: web-tls/);
    expect(ingress).toMatch(
      /- path: \/\n\s+pathType: Prefix\n\s+backend:\n\s+service:\n\s+name: web\n\s+port: \{ name: http \}/,
    );
    expect(ingress).toContain("nginx.ingress.kubernetes.io/proxy-request-buffering: 'off'");
    expect(ingress).toContain('nginx.ingress.kubernetes.io/proxy-body-size: "32m"');
    const heze = documents(join(ROOT, '.cache/deploy-check/values-heze.yaml')).find(
      (d) => d.kind === 'Ingress',
    )!;
    expect(heze.text).toMatch(/- hosts: \["care\.heze\.gov\.cn"\]\n\s+secretName: care-heze-tls/);
  });

  it('the operators’ custom resources are validated against their CRDs: the validator refuses a wrong one', () => {
    const rendered = readFileSync(join(ROOT, '.cache/deploy-check/defaults.yaml'), 'utf8');
    for (const kind of ['Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser', 'MongoDBCommunity'])
      expect([kind, rendered.includes(`\nkind: ${kind}\n`)]).toEqual([kind, true]);
    const bad = join(ROOT, '.cache/deploy-check/bad-custom-resources.yaml');
    writeFileSync(
      bad,
      [
        'apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: { name: t }\nspec: { partitions: 3, replicas: 3, replicationFactor: 3 }',
        'apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaUser\nmetadata: { name: u }\nspec: { authentication: { type: tls }, authorization: { type: simple } }',
        'apiVersion: mongodbcommunity.mongodb.com/v1\nkind: MongoDBCommunity\nmetadata: { name: m }\nspec: { members: three, type: ReplicaSet, version: 7.0.14, security: {}, users: [] }',
      ].join('\n---\n'),
    );
    const run = spawnSync(
      join(ROOT, '.cache/bin/kubeconform'),
      [
        '-strict',
        '-summary',
        '-schema-location',
        join(ROOT, '.cache/crd-schemas/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'),
        bad,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("at '/spec': additional properties 'replicationFactor' not allowed");
    expect(run.stdout).toContain("at '/spec/authorization': missing property 'acls'");
    expect(run.stdout).toContain("at '/spec/members': got string, want integer");
    expect(run.stdout).toContain('Invalid: 3, Errors: 0, Skipped: 0');
  });

  it('values files hold no key material, certificates or credentials', () => {
    const suspicious: [RegExp, string][] = [
      [/[0-9a-fA-F]{32,}/, 'a hex key'],
      [/-----BEGIN [A-Z ]+-----/, 'a PEM block'],
      [/[A-Za-z0-9+/]{40,}={0,2}/, 'a base64 blob'],
      [/mongodb(\+srv)?:\/\/[^/\s:]+:[^@\s]+@/, 'a database password in a URI'],
      [
        /^\s*(password|secret|privateKey|PERSONAL_DATA_KEYS|BLIND_INDEX_KEY|AUDIT_CHAIN_KEY)\s*:/im,
        'a secret value',
      ],
    ];
    const files = readdirSync(CHART).filter((f) => /^values.*\.yaml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const text = readFileSync(join(CHART, file), 'utf8');
      for (const [pattern, what] of suspicious)
        expect([file, what, pattern.test(text)]).toEqual([file, what, false]);
    }
    // The detector itself: each pattern catches its kind.
    expect(suspicious[0][0].test('AUDIT: 7d1e0c4b9a8f7e6d5c4b3a29180f7e6d')).toBe(true);
    expect(suspicious[3][0].test('uri: mongodb://registry:s3cret@care-mongodb-0/')).toBe(true);
  });
});
