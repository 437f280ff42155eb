"""Geography: the gazetteer (sources, compiled index) and toponym disambiguation."""
