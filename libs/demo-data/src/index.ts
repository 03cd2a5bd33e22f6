export * from './fy2564/fy2564-streams';
export * from './fy2564/generate-fy2564';
