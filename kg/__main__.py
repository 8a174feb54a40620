from kg import run

run()
