import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UserViewDto } from '@cms/identity';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const USERNAME = /^[A-Za-z0-9._-]{1,128}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'author@example.com' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 128 })
  @IsString()
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Matches(USERNAME, { message: 'must be 1-128 letters, digits, dots, dashes or underscores' })
  username?: string | null;

  @ApiProperty({ type: [Number], description: 'Role ids' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  roles!: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  blocked?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ format: 'password', minLength: 12, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Matches(USERNAME, { message: 'must be 1-128 letters, digits, dots, dashes or underscores' })
  username?: string | null;

  @ApiPropertyOptional({ type: [Number], description: 'Role ids; replaces the current ones' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  roles?: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  blocked?: boolean;
}

export class RoleRefDto {
  @ApiProperty() id!: number;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class AdminUserViewDto extends UserViewDto {
  @ApiProperty({ type: [RoleRefDto] }) roles!: RoleRefDto[];
}
