import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authenticated } from '../../auth/route-decision.js';
import { notFound } from '../../common/errors/domain-error.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { ORGANIZATION_RESOLVER } from '../rbac/resource-scope.registry.js';
import { DeleteOrganizationsRequest } from './dto/delete-organizations.request.js';
import { NewOrganizationRequest } from './dto/new-organization.request.js';
import { OrganizationInfoQuery } from './dto/organization-info.query.js';
import { OrganizationMemberAddRequest } from './dto/organization-member-add.request.js';
import { OrganizationMemberDeleteRequest } from './dto/organization-member-delete.request.js';
import { OrganizationMemberUpdateRequest } from './dto/organization-member-update.request.js';
import { UpdateOrganizationRequest } from './dto/update-organization.request.js';
import { OrganizationsService } from './organizations.service.js';

/** The organization the guard authorized; none found is LiteLLM's 404. */
function organizationOf(target: AuthorizedTarget, requested: string): string {
  const organization = target.resource;
  if (!organization) throw notFound(`Organization ${requested}`);
  return organization.id;
}

/**
 * LiteLLM's `/organization/*` routes. Each organization route is decided in the organization it names (the
 * `organization` resolver): proxy admins everywhere, `org_admin` in its own, members read theirs.
 */
@ApiTags('LiteLLM: organizations')
@Controller('organization')
export class LitellmOrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post('new')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create an organization (proxy admins)' })
  @RequirePermission('organizations.create', scopes.global())
  create(@CurrentPrincipal() principal: Principal, @Body() body: NewOrganizationRequest) {
    return this.organizations.create(principal, body);
  }

  @Get('info')
  @ApiOperation({ summary: 'An organization with its members and teams (its members, proxy admins)' })
  @RequirePermission('organizations.read', scopes.resource(ORGANIZATION_RESOLVER, from.query('organization_id')))
  info(@Authorized() target: AuthorizedTarget, @Query() query: OrganizationInfoQuery) {
    return this.organizations.info(organizationOf(target, query.organization_id));
  }

  @Get('list')
  @ApiOperation({ summary: 'The organizations the caller belongs to (all of them for proxy admins and viewers)' })
  @Authenticated()
  list(@CurrentPrincipal() principal: Principal) {
    return this.organizations.list(principal);
  }

  @Patch('update')
  @ApiOperation({ summary: 'Change an organization (org admins; raising its budget, limits or models: proxy admins)' })
  @RequirePermission('organizations.update', scopes.resource(ORGANIZATION_RESOLVER, from.body('organization_id')))
  update(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: UpdateOrganizationRequest) {
    return this.organizations.update(principal, organizationOf(target, body.organization_id), body);
  }

  /** Older LiteLLM clients send the update as a POST. */
  @Post('update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as PATCH /organization/update' })
  @RequirePermission('organizations.update', scopes.resource(ORGANIZATION_RESOLVER, from.body('organization_id')))
  updateByPost(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: UpdateOrganizationRequest) {
    return this.organizations.update(principal, organizationOf(target, body.organization_id), body);
  }

  @Delete('delete')
  @ApiOperation({ summary: 'Delete organizations without teams, with their memberships (proxy admins)' })
  @RequirePermission('organizations.delete', scopes.global())
  delete(@Body() body: DeleteOrganizationsRequest) {
    return this.organizations.delete(body);
  }

  @Post('member_add')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add members with an organization role (unknown users are created)' })
  @RequirePermission('organizations.manage_members', scopes.resource(ORGANIZATION_RESOLVER, from.body('organization_id')))
  memberAdd(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: OrganizationMemberAddRequest) {
    return this.organizations.addMembers(principal, organizationOf(target, body.organization_id), body);
  }

  @Patch('member_update')
  @ApiOperation({ summary: "Change a member's organization role" })
  @RequirePermission('organizations.manage_members', scopes.resource(ORGANIZATION_RESOLVER, from.body('organization_id')))
  memberUpdate(@Authorized() target: AuthorizedTarget, @Body() body: OrganizationMemberUpdateRequest) {
    return this.organizations.updateMember(organizationOf(target, body.organization_id), body);
  }

  @Delete('member_delete')
  @ApiOperation({ summary: 'Remove a member from the organization' })
  @RequirePermission('organizations.manage_members', scopes.resource(ORGANIZATION_RESOLVER, from.body('organization_id')))
  memberDelete(@Authorized() target: AuthorizedTarget, @Body() body: OrganizationMemberDeleteRequest) {
    return this.organizations.deleteMember(organizationOf(target, body.organization_id), body);
  }
}
