// The keyset paging query every list endpoint shares lives in the service kit.
export { PageQueryDto } from '@care/service-kit';
