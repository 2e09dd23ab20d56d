export { SettingEntity } from './setting.entity';
export { SettingsModule } from './settings.module';
export { SettingsService } from './settings.service';
