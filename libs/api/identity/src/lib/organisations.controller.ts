import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OrganisationResponse } from '@ecabinet/shared/contracts';
import { Roles, UuidParam } from '@ecabinet/api/platform';
import { CreateOrganisationDto, UpdateOrganisationDto } from './dto/identity.dto';
import { OrganisationResponse as OrganisationSchema } from './identity.responses';
import { OrganisationsService } from './organisations.service';

/** Organisations of the Government: anyone signed in reads them (tasks name them); the administrator manages them. */
@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOkResponse({ type: [OrganisationSchema], description: 'Every organisation, active ones first, by name' })
  list(): Promise<OrganisationResponse[]> {
    return this.organisations.list();
  }

  @Get(':organisationId')
  @ApiOkResponse({ type: OrganisationSchema })
  get(@UuidParam('organisationId') organisationId: string): Promise<OrganisationResponse> {
    return this.organisations.get(organisationId);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an organisation (audited)' })
  @ApiCreatedResponse({ type: OrganisationSchema })
  create(@Body() body: CreateOrganisationDto): Promise<OrganisationResponse> {
    return this.organisations.create(body);
  }

  @Patch(':organisationId')
  @Roles('admin')
  @ApiOperation({ summary: 'Change an organisation, or make it inactive (it is never deleted); audited' })
  @ApiOkResponse({ type: OrganisationSchema })
  update(@UuidParam('organisationId') organisationId: string, @Body() body: UpdateOrganisationDto): Promise<OrganisationResponse> {
    return this.organisations.update(organisationId, body);
  }
}
