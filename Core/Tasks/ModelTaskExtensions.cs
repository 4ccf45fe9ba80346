using StreamML.Core.Schema;

namespace StreamML.Core.Tasks;

/// <summary>The kind of a <see cref="ModelTask"/> value.</summary>
public static class ModelTaskExtensions
{
    /// <summary>The kind of <paramref name="task"/> (see <see cref="ModelTaskKind.Of"/>).</summary>
    public static ModelTaskKind Kind(this ModelTask task) => ModelTaskKind.Of(task);
}
