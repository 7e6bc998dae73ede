import * as path from 'node:path';

/**
 * Absolute path of the proto/ folder: the repository's in development and tests,
 * dist/proto in a build (tools/build.js copies it), since both sit three levels above this file.
 */
export const PROTO_ROOT = path.resolve(__dirname, '../../../proto');

/** The gRPC packages and their files, for the @nestjs/microservices gRPC transport. */
export const GRPC_PACKAGES = {
  registry: {
    package: 'registry.v1',
    service: 'RegistryService',
    protoPath: 'registry/v1/registry_service.proto',
  },
  catalogue: {
    package: 'catalogue.v1',
    service: 'CatalogueService',
    protoPath: 'catalogue/v1/catalogue.proto',
  },
  education: {
    package: 'education.v1',
    service: 'EducationService',
    protoPath: 'education/v1/education_service.proto',
  },
  department: {
    package: 'department.v1',
    service: 'DepartmentService',
    protoPath: 'department/v1/department_service.proto',
  },
} as const;

export type GrpcPackageName = keyof typeof GRPC_PACKAGES;
