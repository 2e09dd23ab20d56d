import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const MAX_SECRET_INPUT = 1024;

export class LoginDto {
  @ApiProperty({ example: 'editor@example.com' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  password!: string;
}

export class LocalLoginDto {
  @ApiProperty({ description: 'Email or username', example: 'editor@example.com' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  identifier!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  refreshToken!: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'End the session of this refresh token' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  refreshToken?: string;

  @ApiPropertyOptional({ description: 'End every session of the signed-in user' })
  @IsOptional()
  @IsBoolean()
  allSessions?: boolean;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'editor@example.com' })
  @IsString()
  @MaxLength(254)
  email!: string;
}

/** A new password and its confirmation, as reset and change take them. */
class NewPasswordDto {
  @ApiProperty({ format: 'password', minLength: 12, maxLength: 128 })
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  password!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  passwordConfirmation!: string;
}

export class ResetPasswordDto extends NewPasswordDto {
  @ApiProperty({ description: 'The code from the reset mail' })
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  code!: string;
}

export class ChangePasswordDto extends NewPasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(MAX_SECRET_INPUT)
  currentPassword!: string;
}

export class UserViewDto {
  @ApiProperty() id!: number;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ enum: ['local'] }) provider!: 'local';
  @ApiProperty() confirmed!: boolean;
  @ApiProperty() blocked!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`' }) accessToken!: string;
  @ApiProperty({ description: 'Opaque, single use: trade it at /api/auth/refresh' }) refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
}

export class LoginResultDto extends TokenPairDto {
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}

export class CredentialChangeResultDto extends LoginResultDto {
  @ApiProperty({ description: 'The access token again, under Strapi\u2019s name' }) jwt!: string;
}

export class StrapiAuthResultDto {
  @ApiProperty({ description: 'The access token' }) jwt!: string;
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}
