import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ACTOR_HEADERS, ROLES } from './actor';

export interface ApiActorHeadersOptions {
  /** Overrides the x-role description, e.g. the roles this controller admits. */
  readonly role?: string;
  /** Overrides the x-county-codes description. */
  readonly countyCodes?: string;
}

/** Documents the four identity headers (required) in OpenAPI, on a controller or a handler. */
export function ApiActorHeaders(options: ApiActorHeadersOptions = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: ACTOR_HEADERS.userId,
      required: true,
      description: '用户标识（登录网关上线前的临时方式）',
    }),
    ApiHeader({
      name: ACTOR_HEADERS.role,
      required: true,
      description: options.role ?? `角色：${ROLES.join(' | ')}`,
    }),
    ApiHeader({
      name: ACTOR_HEADERS.department,
      required: true,
      description: '所属部门（common.v1.Department 枚举名，如 DEPARTMENT_CIVIL_AFFAIRS）',
    }),
    ApiHeader({
      name: ACTOR_HEADERS.countyCodes,
      required: true,
      description: options.countyCodes ?? '逗号分隔的6位区县代码',
    }),
  );
}
