from django.tasks import task


@task()
def run_clustering(run_id: int) -> None:
    """Cluster the ideas of a ``ClusteringRun`` (``realization.concepts.clustering_execute``),
    updating its progress and storing one ``ConceptSuggestion`` per cluster. Safe to run again
    after a worker died under it (``core.leases`` queues it again): a running run starts over
    and replaces its suggestions."""
    from .concepts import clustering_execute

    clustering_execute(run_id)
