import { Module } from '@nestjs/common';
import { WarfarinDoseController } from './warfarin-dose.controller';

/** The recommendation endpoints; imported by apps/platform (the bearer guard needs AccessModule at the root). */
@Module({ controllers: [WarfarinDoseController] })
export class RecommendModule {}
