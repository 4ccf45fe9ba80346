namespace StreamML.Grains.Pumps;

public sealed partial class PumpHost
{
    /// <summary>
    /// One partition this silo pumps: the pump running now (a new one after each restart), the error that stopped the
    /// last one while the next waits to start, and the task that supervises them.
    /// </summary>
    private sealed class Running(int partition, IPartitionPump pump, CancellationTokenSource cancellation)
    {
        private volatile IPartitionPump _pump = pump;
        private volatile Exception? _fault;
        private int _restarts;

        public int Partition => partition;

        public CancellationTokenSource Cancellation => cancellation;

        public Task Task { get; set; } = Task.CompletedTask;

        public IPartitionPump Pump => _pump;

        public int Restarts => Volatile.Read(ref _restarts);

        /// <summary>Shows the pump as stopped by <paramref name="fault"/> until it starts again.</summary>
        public void Faulted(Exception fault) => _fault = fault;

        public PumpStatus Status
        {
            get
            {
                var (pump, fault) = (_pump, _fault);
                return new PumpStatus(partition, pump.RecordsRead, pump.CheckpointedOffset, pump.SourceFailing, pump.Completed, Faulted: fault is not null)
                {
                    Fault = fault is null ? null : $"{fault.GetType().Name}: {fault.Message}",
                    Restarts = Restarts,
                    StateNotWritten = pump.StateNotWritten,
                };
            }
        }

        /// <summary>Hands the partition to a new pump, which starts from the checkpoint: the fault is over.</summary>
        public void Restart(IPartitionPump next)
        {
            _pump = next;
            Interlocked.Increment(ref _restarts);
            _fault = null;
        }
    }
}
