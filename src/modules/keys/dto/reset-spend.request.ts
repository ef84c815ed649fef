import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Min } from 'class-validator';

/** LiteLLM `POST /key/{key}/reset_spend`: the spend to set, at most the current one (usually 0). */
export class ResetSpendRequest {
  @ApiProperty({ type: Number, example: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  reset_to: number;
}
