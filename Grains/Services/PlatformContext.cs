using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamML.Core.Entities;
using StreamML.Core.Features;
using StreamML.Core.Schema;
using StreamML.Grains.Options;

namespace StreamML.Grains.Services;

/// <summary>What every grain and service of a silo shares: the compiled feature plan, the model's name, the options and the clock.</summary>
public sealed class PlatformContext
{
    /// <summary>
    /// Service key of the platform's clock. Unless one is registered under this key, it is the silo's
    /// <see cref="TimeProvider"/>; a test registers a fake one here to drive the platform's decisions (drift cooldowns,
    /// retraining schedules, rollout steps, the aggregators' and router's timers) without touching Orleans' own clocks.
    /// </summary>
    public const string ClockKey = "streamml.clock";

    /// <summary>Creates the context from validated options.</summary>
    public PlatformContext(
        IOptions<FeatureSchema> schema,
        IOptions<EntityOptions> entity,
        IOptions<ModelOptions> model,
        [FromKeyedServices(ClockKey)] TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(model);
        Schema = schema.Value;
        Plan = FeaturePlan.Compile(Schema);
        Entity = entity.Value;
        Model = model.Value;
        Time = timeProvider;
        ModelName = Schema.Model;
    }

    /// <summary>The feature schema.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The compiled plan every entity shares.</summary>
    public FeaturePlan Plan { get; }

    /// <summary>The model the schema feeds.</summary>
    public string ModelName { get; }

    /// <summary>Entity options.</summary>
    public EntityOptions Entity { get; }

    /// <summary>Model options.</summary>
    public ModelOptions Model { get; }

    /// <summary>The platform's clock (see <see cref="ClockKey"/>).</summary>
    public TimeProvider Time { get; }
}
