import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class PermissionDto {
  @ApiProperty({
    example: 'update',
    description: 'find findOne create update delete publish | upload read update delete | manage read',
  })
  action!: string;

  @ApiProperty({ example: 'article', description: 'A content type, `*` for all, `media`, or an admin.* subject' })
  subject!: string;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'Allowed attributes; absent means all' })
  fields?: string[] | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { createdBy: { id: { $eq: '$currentUser' } } },
    description: 'A filter the rows must match; `$currentUser` is the actor',
  })
  conditions?: Record<string, unknown> | null;
}

export class RoleRateLimitDto {
  @ApiProperty({ example: 600, minimum: 1, maximum: 1_000_000_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  requests!: number;

  @ApiProperty({ example: 60, minimum: 1, maximum: 86_400, description: 'The window the requests are counted over' })
  @IsInt()
  @Min(1)
  @Max(86_400)
  windowSeconds!: number;
}

export class RoleInputDto {
  @ApiProperty({ example: 'reviewer', pattern: '^[a-z][a-z0-9-]{1,63}$' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,63}$/, { message: 'must be 2-64 lower-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: 'Reviewer' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    type: RoleRateLimitDto,
    nullable: true,
    description: 'Requests per window for each user holding the role (per client address for public); null: RATE_LIMIT',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoleRateLimitDto)
  rateLimit?: RoleRateLimitDto | null;

  /** Checked in depth by validatePermissions, with paths into the list. */
  @ApiProperty({ type: [PermissionDto] })
  @IsArray()
  permissions!: unknown[];
}

export class RoleViewDto {
  @ApiProperty() id!: number;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ description: 'Built in: cannot be deleted (and super-admin cannot be changed)' }) builtIn!: boolean;
  @ApiProperty({ type: RoleRateLimitDto, nullable: true, description: 'null: the configured RATE_LIMIT' })
  rateLimit!: RoleRateLimitDto | null;
  @ApiProperty({ type: [PermissionDto] }) permissions!: PermissionDto[];
}
