namespace StreamML.Core.Models;

/// <summary>Training-data statistics of one feature column, frozen with the model and used to normalise at scoring time.</summary>
/// <param name="Mean">Mean of the finite values.</param>
/// <param name="StdDev">Population standard deviation of the finite values.</param>
/// <param name="Min">Smallest finite value.</param>
/// <param name="Max">Largest finite value.</param>
/// <param name="Count">Number of finite values.</param>
public sealed record ColumnStatistics(double Mean, double StdDev, double Min, double Max, long Count);
