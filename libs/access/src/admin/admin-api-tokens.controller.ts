import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiDataResponse, ApiErrorResponses, DomainError } from '@cms/core';
import { API_TOKEN_TYPES, ApiTokensService, type ApiTokenType, type ApiTokenView } from '@cms/identity';
import { IsArray, IsDateString, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PermissionDto } from '../roles/roles.dto';
import { assertValidPermissions } from '../permissions/validate-permissions';
import { RequirePermission } from '../policy/require-permission';

const SUBJECT = 'admin.api-tokens';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'website build' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ enum: API_TOKEN_TYPES })
  @IsIn(API_TOKEN_TYPES)
  type!: ApiTokenType;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsDateString()
  expiresAt?: string | null;

  @ApiPropertyOptional({ type: [PermissionDto], description: 'For custom tokens: content and media permissions' })
  @IsOptional()
  @IsArray()
  permissions?: unknown[];
}

export class ApiTokenViewDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: API_TOKEN_TYPES }) type!: ApiTokenType;
  @ApiProperty({ description: 'The first characters of the secret' }) accessKeyPrefix!: string;
  @ApiProperty({ type: [PermissionDto], nullable: true }) permissions!: PermissionDto[] | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedApiTokenDto extends ApiTokenViewDto {
  @ApiProperty({ description: 'The secret, shown this once: use it as `Authorization: Bearer <accessKey>`' })
  accessKey!: string;
}

@ApiTags('admin')
@Controller('admin/api-tokens')
export class AdminApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({ summary: 'List the API tokens' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(ApiTokenViewDto, { list: true })
  async list(): Promise<{ data: ApiTokenView[]; meta: { total: number } }> {
    const data = await this.tokens.list();
    return { data, meta: { total: data.length } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One API token' })
  @RequirePermission('read', SUBJECT)
  @ApiDataResponse(ApiTokenViewDto)
  @ApiErrorResponses({ 404: 'No such token' })
  async get(@Param('id', ParseIntPipe) id: number): Promise<{ data: ApiTokenView }> {
    return { data: await this.tokens.get(id) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an API token: its access key is shown once' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(CreatedApiTokenDto, { status: 201, description: 'The token, with its secret this once' })
  @ApiErrorResponses({ 400: 'Invalid token', 409: 'A token with this name exists' })
  async create(@Body() body: CreateApiTokenDto): Promise<{ data: ApiTokenView & { accessKey: string } }> {
    if (body.type === 'custom') {
      assertValidPermissions(body.permissions ?? [], ['content', 'media']);
    } else if (body.permissions !== undefined) {
      throw DomainError.validation('INVALID_PERMISSIONS', 'Only custom tokens take permissions', [
        { path: ['permissions'], message: `is not allowed for a ${body.type} token`, name: 'ValidationError' },
      ]);
    }
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw DomainError.validation('INVALID_EXPIRY', 'expiresAt must be in the future', [
        { path: ['expiresAt'], message: 'must be in the future', name: 'ValidationError' },
      ]);
    }
    const { token, accessKey } = await this.tokens.create({ ...body, expiresAt });
    return { data: { ...token, accessKey } };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API token' })
  @RequirePermission('manage', SUBJECT)
  @ApiDataResponse(ApiTokenViewDto, { description: 'The token as it was; it no longer works' })
  @ApiErrorResponses({ 404: 'No such token' })
  async revoke(@Param('id', ParseIntPipe) id: number): Promise<{ data: ApiTokenView }> {
    return { data: await this.tokens.revoke(id) };
  }
}
