export { estimateJacobiRadius, type JacobiRadiusEstimate, type JacobiRadiusOptions } from './jacobiRadius';
export { describeYoungOmega, youngOmega, YOUNG_OMEGA_CAP, type YoungOmegaInfo } from './youngOmega';
export { JacobiSpectrum, type JacobiEstimate, type JacobiSpectrumState } from './jacobiSpectrum';
