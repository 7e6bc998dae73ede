import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CONFIG } from '@care/config';
import { assertNationalAlgorithmsAvailable, type Keyring } from '@care/crypto';
import { keyringFromConfig, type SealingKeyConfig } from '@care/service-kit';
import { PERSONAL_DATA_KEYRING, PersonalDataService } from './personal-data.service';

export interface PersonalDataModuleOptions {
  /** Tests pass a keyring; the app reads it from its config (@care/config CONFIG). */
  readonly keyring?: Keyring;
}

/**
 * Global, so every feature module can inject PersonalDataService. Needs AuditModule (global)
 * in the same app: every reveal is audited.
 */
@Global()
@Module({})
export class PersonalDataModule {
  static forRoot(options: PersonalDataModuleOptions = {}): DynamicModule {
    return {
      module: PersonalDataModule,
      global: true,
      providers: [
        {
          provide: PERSONAL_DATA_KEYRING,
          inject: [{ token: CONFIG, optional: true }],
          useFactory: (config: SealingKeyConfig | undefined): Keyring => {
            // Fail at boot, not at the first seal, on a runtime without SM3/SM4.
            assertNationalAlgorithmsAvailable();
            if (options.keyring !== undefined) return options.keyring;
            if (config === undefined)
              throw new Error(
                'PersonalDataModule: no keyring option and no app config (CONFIG) to read PERSONAL_DATA_KEYS from',
              );
            return keyringFromConfig(config);
          },
        },
        PersonalDataService,
      ],
      exports: [PersonalDataService],
    };
  }
}
