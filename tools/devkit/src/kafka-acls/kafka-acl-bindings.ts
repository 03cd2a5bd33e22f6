import type { AclEntry } from 'kafkajs';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import type { KafkaGrant, KafkaPrincipalGrants } from './kafka-acl-table';

const RESOURCE: Record<KafkaGrant['resource'], AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
};

const PATTERN: Record<KafkaGrant['pattern'], ResourcePatternTypes> = {
  literal: ResourcePatternTypes.LITERAL,
  prefixed: ResourcePatternTypes.PREFIXED,
};

/** The table as the broker's ALLOW bindings, one per principal × resource × operation, from any host. */
export const aclBindings = (table: readonly KafkaPrincipalGrants[]): AclEntry[] =>
  table.flatMap(({ principal, grants }) =>
    grants.flatMap((grant) =>
      grant.operations.map((operation) => ({
        principal: `User:${principal}`,
        host: '*',
        resourceType: RESOURCE[grant.resource],
        resourceName: grant.name,
        resourcePatternType: PATTERN[grant.pattern],
        operation: AclOperationTypes[operation],
        permissionType: AclPermissionTypes.ALLOW,
      })),
    ),
  );
