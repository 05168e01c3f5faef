// kubectl-canary: the kubectl plugin (get, promote, abort, retry, pause, resume, restart). Not implemented yet.
Console.Error.WriteLine("kubectl-canary: not implemented yet");
return 2;
