// The two hand-written contenders: the same mapping code, with the framework's value one-liners or tuned ones.
global using HandWrittenMapping = SaasUsers.Data.Benchmarks.HandWritten.HandWrittenMapping<SaasUsers.Data.Benchmarks.HandWritten.PlainValues>;
global using TunedHandWrittenMapping = SaasUsers.Data.Benchmarks.HandWritten.HandWrittenMapping<SaasUsers.Data.Benchmarks.HandWritten.TunedValues>;
