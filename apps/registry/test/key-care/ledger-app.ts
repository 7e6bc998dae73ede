// Request helpers of the key-care and screening specs, on the registry test app of
// ../app-factory (the real AppModule, which wires the screening and key-care modules).
import { httpJson, testActorHeaders, type HttpResult } from '@care/service-kit/testing';
import type { RegistryTestApp } from '../app-factory';

export function actorHeaders(role = 'civil-affairs-officer', counties = '371702'): Record<string, string> {
  return testActorHeaders({ role, counties });
}

/** A JSON request against the running app (over a real socket). */
export function http<T = Record<string, unknown>>(
  app: RegistryTestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = actorHeaders(),
): Promise<HttpResult<T>> {
  return httpJson<T>(app.httpUrl, method, path, body, headers);
}

export interface TestChild {
  name: string;
  birthDate: string;
  hukouDivisionCode: string;
  residenceDivisionCode: string;
  movedInOn: string;
  difficultyTypes?: string[];
  askedForHelp?: boolean;
  verifiedOn?: string;
}

/** Registers a child through R-core's REST API (no ID number: flagged for follow-up, birth date given). */
export async function registerChild(
  app: RegistryTestApp,
  child: TestChild,
): Promise<{ childId: string; countyCode: string; townshipCode: string; isMigrant: boolean }> {
  const result = await http<{
    childId: string;
    countyCode: string;
    townshipCode: string;
    determination: { isMigrant: boolean };
  }>(app, 'POST', '/api/v1/children', {
    name: child.name,
    birthDate: child.birthDate,
    sex: 'female',
    hukouDivisionCode: child.hukouDivisionCode,
    hukouAddress: '河南省郑州市中原区某街道某号',
    residence: {
      divisionCode: child.residenceDivisionCode,
      movedInOn: child.movedInOn,
      address: '山东省菏泽市牡丹区某街道某号',
    },
    accompaniedBy: 'one-parent',
    guardians: [{ name: '王某某', relation: '母亲', phone: '13812345678' }],
    difficultyTypes: child.difficultyTypes ?? [],
    askedForHelp: child.askedForHelp ?? false,
    ...(child.verifiedOn === undefined ? {} : { verifiedOn: child.verifiedOn }),
  });
  if (result.status !== 201)
    throw new Error(`registering a test child failed: ${result.status} ${JSON.stringify(result.body)}`);
  return {
    childId: result.body.childId,
    countyCode: result.body.countyCode,
    townshipCode: result.body.townshipCode,
    isMigrant: result.body.determination.isMigrant,
  };
}
